package tally.count;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.store.Database;
import tally.store.HitStore;
import tally.store.StorageException;

/**
 * The one writer of hits: requests enqueue their hit, a single thread applies everything queued as one
 * transaction and commits it; a second thread, the syncer, makes committed batches durable (one fsync for
 * all the batches committed since the last) and only then completes each request's future with its own
 * new count. An acknowledged hit is therefore committed and, with TALLY_SYNC=full, fsynced; and the writer
 * applies the next batch while the disk flushes the last.
 */
public final class HitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HitWriter.class);
    private static final int MAX_BATCH = 2_000;
    private static final int MAX_QUEUE = 50_000;
    private static final int RECENT_COUNTERS = 50_000;
    private static final long PURGE_EVERY_MS = 60_000;
    /** Rows deleted per purge step: small enough that a step never holds up hits for long. */
    static final int PURGE_STEP = 5_000;
    /** Completing a future writes that request's response, so acknowledgements are spread over several threads. */
    private static final int ACKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private record Pending(Hit hit, CompletableFuture<Tally> result) {
    }

    /** A committed batch, waiting to be made durable and acknowledged. */
    private record Committed(List<Pending> batch, List<Tally> tallies) {
    }

    private final Database db;
    private final Duration window;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_QUEUE);
    private final BlockingQueue<Committed> committed = new LinkedBlockingQueue<>();
    private final ExecutorService completions = Executors.newFixedThreadPool(ACKERS, r -> daemon(r, "tally-acks"));
    private final List<Consumer<List<Tally>>> listeners = new ArrayList<>();
    /** Counters' states as of the last commit, kept by this writer's thread for the readers. */
    final RecentCounts recent = new RecentCounts(RECENT_COUNTERS);
    private final Thread thread;
    private final Thread syncer;
    private final Object gate = new Object();
    private volatile boolean closed;
    private volatile boolean writerDone;
    private volatile boolean failing;
    private volatile boolean syncFailing;
    private long nextPurge;

    public HitWriter(Database db, Duration window, Clock clock) {
        this.db = db;
        this.window = window;
        this.clock = clock;
        this.thread = new Thread(this::run, "tally-writer");
        this.syncer = new Thread(this::sync, "tally-syncer");
        this.nextPurge = clock.millis() + PURGE_EVERY_MS;
        thread.start();
        syncer.start();
    }

    /** Adds a listener told, after each commit, of every counter that a hit changed. Call before traffic. */
    public void onCommit(Consumer<List<Tally>> listener) {
        listeners.add(listener);
    }

    /** Queues a hit; the future completes after its transaction committed, or fails with a StorageException. */
    public CompletableFuture<Tally> submit(Hit hit) {
        CompletableFuture<Tally> result = new CompletableFuture<>();
        synchronized (gate) {
            if (closed) {
                result.completeExceptionally(new StorageException("Tally is shutting down; try again shortly", null));
            } else if (!queue.offer(new Pending(hit, result))) {
                result.completeExceptionally(new StorageException("too many hits queued; try again shortly", null));
            }
        }
        return result;
    }

    /** False while the last batch failed to commit or to be made durable, and none has succeeded since. */
    public boolean healthy() {
        return !failing && !syncFailing;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!(closed && queue.isEmpty())) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    apply(batch);
                    batch.clear();
                }
                purgeIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("hit writer: unexpected failure, continuing", e);
                fail(batch, new StorageException("unexpected storage failure: " + e.getMessage(), e));
                batch.clear();
            }
        }
        writerDone = true;
    }

    /** The syncer: waits for committed batches, makes them durable with one fsync, then acknowledges them. */
    private void sync() {
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
                if (writerDone && committed.isEmpty()) {
                    return;
                }
                continue;
            }
            ready.add(first);
            committed.drainTo(ready);
            try {
                db.makeDurable();
                syncFailing = false;
                acknowledge(ready);
            } catch (RuntimeException e) {
                syncFailing = true;
                log.error("hit writer: {} committed batches could not be made durable: {}", ready.size(), e.getMessage());
                StorageException failure = e instanceof StorageException se ? se
                        : new StorageException("the hits could not be made durable: " + e.getMessage(), e);
                ready.forEach(c -> fail(c.batch(), failure));
            }
            ready.clear();
        }
    }

    private void apply(List<Pending> batch) {
        long now = clock.millis();
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        long suppressSince = now - window.toMillis();
        List<Tally> tallies;
        try {
            List<Hit> hits = batch.stream().map(Pending::hit).toList();
            tallies = db.inTransaction(c -> new HitStore(db, c).applyAll(hits, now, suppressSince, day));
        } catch (SQLException | RuntimeException e) {
            failing = true;
            log.error("hit writer: a batch of {} hits was not committed: {}", batch.size(), e.getMessage());
            fail(batch, e instanceof StorageException se ? se
                    : new StorageException("the database did not accept the hit: " + e.getMessage(), e));
            return;
        }
        failing = false;
        recent.committed(tallies.stream().filter(Tally::counted).toList(), day);
        committed.add(new Committed(List.copyOf(batch), tallies));
    }

    private void acknowledge(List<Committed> ready) {
        List<Pending> done = new ArrayList<>();
        List<Tally> tallies = new ArrayList<>();
        for (Committed c : ready) {
            done.addAll(c.batch());
            tallies.addAll(c.tallies());
        }
        // One task per acknowledging thread, not per hit: waking a thread costs more than a response.
        int chunk = (done.size() + ACKERS - 1) / ACKERS;
        for (int from = 0; from < done.size(); from += chunk) {
            int start = from;
            int end = Math.min(done.size(), from + chunk);
            completions.execute(() -> {
                for (int i = start; i < end; i++) {
                    done.get(i).result().complete(tallies.get(i));
                }
            });
        }
        List<Tally> changed = tallies.stream().filter(Tally::counted).toList();
        if (!changed.isEmpty() && !listeners.isEmpty()) {
            completions.execute(() -> listeners.forEach(l -> l.accept(changed)));
        }
    }

    /** Deletes expired token rows once a minute, in steps of PURGE_STEP rows between batches until none are left. */
    private void purgeIfDue() {
        long now = clock.millis();
        if (now < nextPurge) {
            return;
        }
        try {
            int gone = db.inTransaction(c -> HitStore.forgetTokens(c, now - window.toMillis(), PURGE_STEP));
            nextPurge = gone == PURGE_STEP ? now : now + PURGE_EVERY_MS;
        } catch (SQLException e) {
            nextPurge = now + PURGE_EVERY_MS;
            log.warn("could not purge expired refresh tokens: {}", e.getMessage());
        }
    }

    private void fail(List<Pending> batch, RuntimeException e) {
        List<Pending> failed = List.copyOf(batch);
        completions.execute(() -> failed.forEach(p -> p.result().completeExceptionally(e)));
    }

    /** Stops taking hits, commits everything already queued, and waits for the writer to finish. */
    @Override
    public void close() {
        synchronized (gate) {
            closed = true;
        }
        try {
            thread.join(8_000);
            syncer.join(1_000);
            completions.shutdown();
            completions.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
