package tally;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Hits from several clients per instance, one request at a time each, until closed: per instance, the hits
 * acknowledged (200), the 503s, and anything else (other statuses, failed connections).
 */
final class SpreadLoad implements AutoCloseable {

    final AtomicLongArray acknowledged;
    final AtomicLongArray unavailable;
    /** Answers other than 200 and 503, and requests that failed, as "instance: what". */
    final Queue<String> other = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final TestClient http = new TestClient();
    private final ExecutorService clients;

    /** {@code clientsPerInstance} threads on each instance, each on one of a few URLs under {@code host}. */
    SpreadLoad(Instances tally, int clientsPerInstance, String host) {
        int n = tally.size();
        acknowledged = new AtomicLongArray(n);
        unavailable = new AtomicLongArray(n);
        clients = Executors.newFixedThreadPool(n * clientsPerInstance);
        for (int c = 0; c < n * clientsPerInstance; c++) {
            int instance = c % n;
            String path = "/count?url=" + host + "/page" + (c % 4);
            clients.execute(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = http.send(tally.get(instance).port, "GET", path, Map.of());
                        if (r.statusCode() == 200) {
                            acknowledged.incrementAndGet(instance);
                        } else if (r.statusCode() == 503) {
                            unavailable.incrementAndGet(instance);
                            Thread.sleep(20); // as a client would back off, and no busy loop on two cores
                        } else {
                            other.add(instance + ": " + r.statusCode() + " " + r.body());
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        other.add(instance + ": " + e);
                        if (!tally.get(instance).process.isAlive()) {
                            return; // an instance that is gone: what it acknowledged is what counts
                        }
                    }
                }
            });
        }
    }

    long acknowledged() {
        long sum = 0;
        for (int i = 0; i < acknowledged.length(); i++) {
            sum += acknowledged.get(i);
        }
        return sum;
    }

    /** Waits until {@code condition} holds, up to {@code seconds}; answers whether it did. */
    static boolean await(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits until {@code counter} has grown by {@code more}, up to {@code seconds}. */
    static boolean awaitMore(LongSupplier counter, long more, int seconds) throws InterruptedException {
        long target = counter.getAsLong() + more;
        return await(() -> counter.getAsLong() >= target, seconds);
    }

    /** Stops the clients; each finishes (and records) the request it has in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        if (!clients.awaitTermination(2, TimeUnit.MINUTES)) {
            clients.shutdownNow();
        }
    }
}
