package tally.count;

import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Admin changes (tally.admin) waiting for the writer's thread: each runs there between batches, alone, in a
 * transaction of its own (the work opens it), so it never races the writer's hits; its future completes,
 * like a hit's, once that transaction is durable.
 */
final class Edits {

    /** An admin change: work answering the counters it changed, and its answer. */
    private record Edit(Supplier<List<CounterState>> work, CompletableFuture<List<CounterState>> result) {
    }

    private final Queue<Edit> queue = new ConcurrentLinkedQueue<>();

    /** Queues the work and wakes the writer; fails at once if the writer has stopped taking work. */
    CompletableFuture<List<CounterState>> add(Supplier<List<CounterState>> work, BooleanSupplier closed, Runnable wake) {
        Edit edit = new Edit(work, new CompletableFuture<>());
        if (closed.getAsBoolean()) {
            edit.result().completeExceptionally(HitWriter.shuttingDown());
            return edit.result();
        }
        queue.add(edit);
        if (closed.getAsBoolean() && queue.remove(edit)) {
            edit.result().completeExceptionally(HitWriter.shuttingDown()); // the writer may have finished: never leave it unanswered
        } else {
            wake.run();
        }
        return edit.result();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Runs the next edit, if any, on the writer's thread. The recent counts are forgotten afterwards (reads go to the
     * database again), and the acknowledger completes the edit once durable, telling its listeners of the changes.
     */
    void runNext(RecentCounts recent, Acknowledger acks) {
        Edit edit = queue.poll();
        if (edit == null) {
            return;
        }
        List<CounterState> changed;
        try {
            changed = edit.work().get();
        } catch (RuntimeException e) {
            edit.result().completeExceptionally(e);
            return;
        } finally {
            if (recent != null) {
                recent.forgetAll(); // even a rolled-back edit may have raced a read's look-up: cheap to forget
            }
        }
        CompletableFuture<CounterState> durable = new CompletableFuture<>();
        durable.whenComplete((t, e) -> {
            if (e != null) {
                edit.result().completeExceptionally(e);
            } else {
                edit.result().complete(changed);
            }
        });
        acks.committed(new Acknowledger.Committed(List.of(durable), Collections.singletonList(null), changed));
    }
}
