import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import tally.metrics.Metrics;
import tally.metrics.RouteSeries;

/**
 * CPU nanoseconds that a request's metrics cost (one count by status and one latency observation on the
 * client library's lock-free counter and histogram), on two threads at once as under wrk. Thread CPU time,
 * not wall time, so a busy shared machine moves it little.
 * Usage: java -cp app/target/tally.jar bench/MetricsCost.java
 */
public class MetricsCost {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("tally-metrics-cost");
        Metrics metrics = new Metrics(dir.resolve("tally.db"), true, () -> 0, () -> 0);
        RouteSeries route = metrics.route("GET", "/count/tag.svg");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int n = 10_000_000;
        for (int round = 1; round <= 5; round++) {
            long[] nanos = new long[2];
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int me = t;
                threads[t] = new Thread(() -> {
                    long start = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        route.observe(200, (i & 1023) * 1e-5, true);
                    }
                    nanos[me] = cpu.getCurrentThreadCpuTime() - start;
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("round %d: %.1f and %.1f ns of CPU per request%n", round, nanos[0] / (double) n, nanos[1] / (double) n);
        }
    }
}
