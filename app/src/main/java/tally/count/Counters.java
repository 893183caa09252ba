package tally.count;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tally.store.CounterReads;

/** Counting and reading counters: hits go through the group-commit writer, reads straight to the readers. */
public final class Counters {

    private final HitWriter writer;
    private final CounterReads reads;
    private final Clock clock;

    public Counters(HitWriter writer, CounterReads reads, Clock clock) {
        this.writer = writer;
        this.reads = reads;
        this.clock = clock;
    }

    /** Counts a hit unless the token was counted for this counter within the refresh window. */
    public CompletableFuture<Tally> hit(CounterKey key, String token) {
        return writer.submit(new Hit(key, token));
    }

    /** The current state of a counter; zero for one never counted. */
    public Tally read(CounterKey key) {
        return find(key).orElse(new Tally(key, 0, 0, false));
    }

    /** The current state of a counter, or empty for one never counted. */
    public Optional<Tally> find(CounterKey key) {
        return Optional.ofNullable(reads.countOf(key, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString()));
    }

    /** True when the database answers reads and the last write batch committed. */
    public boolean healthy() {
        return writer.healthy() && reads.answers();
    }
}
