package tally.count;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.StorageException;
import tally.ThrottledLog;

/**
 * The hit writer's second half: a thread (the syncer) that takes committed batches, makes them durable
 * with one fsync for all the batches committed since the last, and then completes each hit's future, on
 * a few acknowledging threads, since completing a future writes that request's response.
 */
final class Acknowledger {

    private static final Logger log = LoggerFactory.getLogger(Acknowledger.class);
    private static final int ACKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    /** A committed batch: each hit's future and its tally, in the same order, and the tallies of counted hits. */
    record Committed(List<CompletableFuture<CounterState>> futures, List<CounterState> tallies, List<CounterState> counted) {
    }

    private final Runnable makeDurable;
    private final BlockingQueue<Committed> committed = new LinkedBlockingQueue<>();
    private final ExecutorService completions = Executors.newFixedThreadPool(ACKERS, r -> daemon(r, "tally-acks"));
    private final List<Consumer<List<CounterState>>> listeners = new ArrayList<>();
    private final Thread syncer = daemon(this::run, "tally-syncer");
    private final ThrottledLog syncFailures = new ThrottledLog(log::error, Duration.ofSeconds(10));
    private volatile boolean lastSyncFailed;
    private volatile boolean noMore;

    Acknowledger(Runnable makeDurable) {
        this.makeDurable = makeDurable;
        syncer.start();
    }

    void onDurable(Consumer<List<CounterState>> listener) {
        listeners.add(listener);
    }

    /** Hands over a batch that committed; its futures complete once it is durable. */
    void committed(Committed batch) {
        committed.add(batch);
    }

    boolean lastSyncFailed() {
        return lastSyncFailed;
    }

    /** Fails the futures of a batch that did not commit, off the caller's thread. */
    void fail(List<CompletableFuture<CounterState>> futures, RuntimeException e) {
        List<CompletableFuture<CounterState>> failed = List.copyOf(futures);
        completions.execute(() -> failed.forEach(f -> f.completeExceptionally(e)));
    }

    private void run() {
        List<Committed> ready = new ArrayList<>();
        while (true) {
            Committed first;
            try {
                first = committed.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (noMore && committed.isEmpty()) {
                    return;
                }
                continue;
            }
            ready.add(first);
            committed.drainTo(ready);
            List<CompletableFuture<CounterState>> futures = new ArrayList<>();
            List<CounterState> tallies = new ArrayList<>();
            List<CounterState> changed = new ArrayList<>();
            for (Committed c : ready) {
                futures.addAll(c.futures());
                tallies.addAll(c.tallies());
                changed.addAll(c.counted());
            }
            ready.clear();
            try {
                makeDurable.run();
                if (lastSyncFailed) {
                    log.info("hit writer: committed hits are durable again, after {} failed fsyncs", syncFailures.recovered());
                }
                lastSyncFailed = false;
            } catch (RuntimeException e) {
                lastSyncFailed = true;
                syncFailures.log("hit writer: " + futures.size() + " committed hits could not be made durable: " + e.getMessage());
                fail(futures, e instanceof StorageException se ? se
                        : new StorageException("the hits could not be made durable: " + e.getMessage(), e));
                continue;
            }
            acknowledge(futures, tallies, changed);
        }
    }

    private void acknowledge(List<CompletableFuture<CounterState>> futures, List<CounterState> tallies, List<CounterState> changed) {
        // One task per acknowledging thread, not per hit: waking a thread costs more than a response.
        int chunk = (futures.size() + ACKERS - 1) / ACKERS;
        for (int from = 0; from < futures.size(); from += chunk) {
            int start = from;
            int end = Math.min(futures.size(), from + chunk);
            completions.execute(() -> {
                for (int i = start; i < end; i++) {
                    futures.get(i).complete(tallies.get(i));
                }
            });
        }
        if (!changed.isEmpty() && !listeners.isEmpty()) {
            completions.execute(() -> listeners.forEach(l -> l.accept(changed)));
        }
    }

    /** Called once the writer has handed over its last batch: acknowledges what is left, then stops. */
    void close() throws InterruptedException {
        noMore = true;
        syncer.join(1_000);
        completions.shutdown();
        completions.awaitTermination(2, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
