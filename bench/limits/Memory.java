import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import tally.limits.NewCounterCap;
import tally.limits.Rate;
import tally.limits.TokenBuckets;

/**
 * The memory the abuse limits hold for N distinct client addresses (default 1,000,000): heap after a full GC
 * and the process's RSS, before and after N rate-limit decisions and N new-counter requests from N addresses,
 * with the bounds the server uses. Run: java -cp app/target/tally.jar bench/limits/Memory.java [N]
 */
public class Memory {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int maxClients = 100_000; // http.ClientLimits.MAX_CLIENTS
        TokenBuckets buckets = new TokenBuckets(Rate.parse("10/s:60"), maxClients, System::nanoTime);
        NewCounterCap cap = new NewCounterCap(100, maxClients, System::nanoTime);
        report("before", buckets, cap);
        for (int i = 0; i < n; i++) {
            String ip = "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
            buckets.take(ip);
            cap.forClient(ip).allow();
            if ((i + 1) % (n / 4) == 0) {
                report("after " + (i + 1) + " addresses", buckets, cap);
            }
        }
    }

    private static void report(String when, TokenBuckets buckets, NewCounterCap cap) throws Exception {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        System.out.printf("%-26s heap after GC %4d MB, %s; buckets %d, new-counter windows %d%n", when,
                heap >> 20, rss, buckets.size(), cap.size());
    }
}
