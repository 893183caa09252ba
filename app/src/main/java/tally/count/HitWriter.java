package tally.count;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.StorageException;
import tally.ThrottledLog;
import tally.analytics.View;

/**
 * The one writer of hits: requests enqueue their hit, and a single thread applies everything queued as
 * one transaction and commits it. The Acknowledger then makes committed batches durable and only then
 * completes each request's future with its own new count: an acknowledged hit is committed and, with
 * TALLY_SYNC=full, fsynced; and this thread applies the next batch while the disk flushes the last.
 * Page views (tally.analytics) ride in the same batches, folded into one increment per bucket.
 */
public final class HitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HitWriter.class);
    private static final int MAX_BATCH = 2_000;
    private static final int MAX_QUEUE = 50_000;
    private static final int RECENT_COUNTERS = 50_000;
    /** How long the writer waits for work before it counts as quiet (and lets the ledger settle). */
    private static final long QUIET_NANOS = 50_000_000L;
    /** Rows deleted per purge step: small enough that a step never holds up hits for long. */
    static final int PURGE_STEP = Chores.PURGE_STEP;

    /** A hit, or else a page view, and its answer (a view's completes with null). */
    private record Pending(Hit hit, View view, CompletableFuture<CounterState> result) {
    }

    private final Ledger ledger;
    private final Edits edits = new Edits();
    private final Duration window;
    private final Clock clock;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Acknowledger acks;
    /** Counters' states as of the last commit, kept by this writer's thread for the readers; null unless the sole writer. */
    private final RecentCounts recent;
    private final Thread thread;
    private volatile boolean closed;
    /** True while the writer thread is parked or about to park, so that a submit must wake it. */
    private volatile boolean idle;
    private volatile boolean failing;
    private volatile WriterEvents events = WriterEvents.NONE;
    private final ThrottledLog batchFailures = new ThrottledLog(log::error, Duration.ofSeconds(10));
    private final Chores chores;

    /** A writer over {@code ledger} that rolls page-view hours older than {@code retention} (null: never) into days. */
    public HitWriter(Ledger ledger, Duration window, Clock clock, Duration retention) {
        this(ledger, window, clock, ledger::makeDurable, retention);
    }

    /** {@code makeDurable} fsyncs what was committed; tests pass one that fails, as a failing disk would. */
    HitWriter(Ledger ledger, Duration window, Clock clock, Runnable makeDurable, Duration retention) {
        this.ledger = ledger;
        this.window = window;
        this.clock = clock;
        this.recent = ledger.soleWriter() ? new RecentCounts(RECENT_COUNTERS) : null;
        this.acks = new Acknowledger(() -> {
            long start = System.nanoTime();
            makeDurable.run();
            events.durable(System.nanoTime() - start);
        });
        this.chores = new Chores(ledger, window, clock, retention);
        this.thread = new Thread(this::run, "tally-writer");
        thread.start();
    }

    /** Adds a listener told, after each commit is durable, of every counter that a hit changed. Call before traffic. */
    public void onCommit(Consumer<List<CounterState>> listener) {
        acks.onDurable(listener);
    }

    /** Sets the observer told of each batch and fsync (the metrics). Call before traffic. */
    public void observe(WriterEvents observer) {
        events = observer;
    }

    /** How many hits wait for the writer now. */
    public int queued() {
        return queued.get();
    }

    /** Queues a hit; the future completes after its transaction committed, or fails with a StorageException. */
    public CompletableFuture<CounterState> submit(Hit hit) {
        return enqueue(new Pending(hit, null, new CompletableFuture<>()));
    }

    /** Queues a page view; the future completes once its batch is committed (and durable), as a hit's does. */
    public CompletableFuture<Void> submit(View view) {
        return enqueue(new Pending(null, view, new CompletableFuture<>())).thenApply(t -> null);
    }

    /**
     * The counter's state on {@code day} (null if never counted): from what this writer committed last when it is
     * the database's only writer, else from {@code database}.
     */
    CounterState recent(CounterKey key, String day, Supplier<CounterState> database) {
        return recent == null ? database.get() : recent.get(key, day, database);
    }

    /**
     * Queues an admin change (an import, setting or deleting a counter): run in this writer's thread between
     * batches, in a transaction of its own (the work opens it), so it never races this writer's hits. Afterwards the recent counts are
     * forgotten (reads go to the database again) and the onCommit listeners hear of the tallies the work
     * answers. The future completes once that transaction is durable, or fails with the work's exception.
     */
    public CompletableFuture<List<CounterState>> submitEdit(Supplier<List<CounterState>> work) {
        return edits.add(work, () -> closed, () -> LockSupport.unpark(thread));
    }

    private CompletableFuture<CounterState> enqueue(Pending pending) {
        CompletableFuture<CounterState> result = pending.result();
        if (closed) {
            result.completeExceptionally(shuttingDown());
            return result;
        }
        if (queued.incrementAndGet() > MAX_QUEUE) {
            queued.decrementAndGet();
            result.completeExceptionally(new StorageException("too many hits queued; try again shortly", null));
            return result;
        }
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            // close() began after the check above and the writer may have finished: never leave it unanswered
            queued.decrementAndGet();
            result.completeExceptionally(shuttingDown());
        } else if (idle) {
            LockSupport.unpark(thread);
        }
        return result;
    }

    static StorageException shuttingDown() {
        return new StorageException("Tally is shutting down; try again shortly", null);
    }

    /** False while the last batch failed to commit or to be made durable, and none has succeeded since. */
    public boolean healthy() {
        return !failing && !acks.lastSyncFailed();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!(closed && queue.isEmpty() && edits.isEmpty())) {
            try {
                edits.runNext(recent, acks);
                Pending next;
                while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty() && edits.isEmpty()) {
                    if (awaitHits()) {
                        chores.settle(); // a quiet spell, not the gap while the last batch's fsync runs
                    }
                } else if (!batch.isEmpty()) {
                    queued.addAndGet(-batch.size());
                    apply(batch);
                    batch.clear();
                }
                chores.runIfDue();
            } catch (RuntimeException e) {
                log.error("hit writer: unexpected failure, continuing", e);
                acks.fail(futures(batch), new StorageException("unexpected storage failure: " + e.getMessage(), e));
                batch.clear();
            }
        }
        chores.settle();
        try {
            acks.close(); // here, after the last batch, so that even a late drain is acknowledged, never left waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parks until a submit wakes this thread, or for a while, so purges and close() are still noticed; true when
     * nothing came for all of QUIET_NANOS. A wake-up with nothing queued is no sign of quiet: a submit that found
     * this thread idle just before it woke leaves a permit that ends the next park at once. Taken for quiet, such
     * wake-ups folded page views 15 times a second under load, a few hundred at a time.
     */
    private boolean awaitHits() {
        idle = true;
        long start = System.nanoTime();
        try {
            while (queue.isEmpty() && edits.isEmpty() && !closed) {
                long left = QUIET_NANOS - (System.nanoTime() - start);
                if (left <= 0) {
                    return true;
                }
                LockSupport.parkNanos(left);
            }
            return false;
        } finally {
            idle = false;
        }
    }

    private void apply(List<Pending> batch) {
        long now = clock.millis();
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        long suppressSince = now - window.toMillis();
        List<CounterState> tallies;
        long start = System.nanoTime();
        // Hits first, then views, so that futures(batch) lines up with the tallies (a view's tally is null).
        batch.sort(Comparator.comparing(p -> p.hit() == null));
        try {
            List<Hit> hits = batch.stream().map(Pending::hit).filter(Objects::nonNull).toList();
            List<View> views = batch.stream().map(Pending::view).filter(Objects::nonNull).toList();
            tallies = new ArrayList<>(ledger.commit(hits, views, now, suppressSince, day));
            tallies.addAll(Collections.nCopies(views.size(), null));
        } catch (RuntimeException e) {
            failing = true;
            batchFailures.log("hit writer: a batch of " + batch.size() + " hits was not committed: " + e.getMessage());
            acks.fail(futures(batch), e instanceof StorageException se ? se
                    : new StorageException("the database did not accept the hit: " + e.getMessage(), e));
            return;
        }
        if (failing) {
            log.info("hit writer: committing again, after {} refused batches", batchFailures.recovered());
        }
        failing = false;
        List<CounterState> counted = tallies.stream().filter(t -> t != null && t.counted()).toList();
        events.committed(batch.size(), (int) tallies.stream().filter(Objects::nonNull).count(), counted.size(),
                System.nanoTime() - start);
        if (recent != null) {
            recent.committed(counted, day);
        }
        acks.committed(new Acknowledger.Committed(futures(batch), tallies, counted));
    }

    private static List<CompletableFuture<CounterState>> futures(List<Pending> batch) {
        return batch.stream().map(Pending::result).toList();
    }

    /** Stops taking hits, commits and acknowledges everything already queued, and waits for both threads. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(8_000);
            if (thread.isAlive()) {
                log.warn("hit writer: still answering queued hits after 8 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
