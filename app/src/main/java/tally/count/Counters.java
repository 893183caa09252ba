package tally.count;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Counting and reading counters: hits go through the group-commit writer; reads are answered from the
 * writer's recent counts, or else straight from the readers, never waiting for the writer.
 */
public final class Counters {

    private final HitWriter writer;
    private final CounterReads reads;
    private final Clock clock;
    private volatile long lastReadCheck = Long.MIN_VALUE / 2;
    private volatile boolean readable;

    public Counters(HitWriter writer, CounterReads reads, Clock clock) {
        this.writer = writer;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * Counts a hit unless the token was counted for this counter within the refresh window. A token
     * the browser sent is {@code returning}; one just issued to it is not; null means no browser at all.
     */
    public CompletableFuture<CounterState> hit(CounterKey key, Token token, boolean returning) {
        return hit(key, token, returning, Creation.ANY);
    }

    /** As above; a counter that does not exist yet is created only if {@code creation} allows it, else the hit answers 0. */
    public CompletableFuture<CounterState> hit(CounterKey key, Token token, boolean returning, Creation creation) {
        return writer.submit(new Hit(key, token, returning && token != null, creation));
    }

    /** The current state of a counter; zero for one never counted. */
    public CounterState read(CounterKey key) {
        return find(key).orElse(new CounterState(key, 0, 0, false));
    }

    /** The current state of a counter, or empty for one never counted. */
    public Optional<CounterState> find(CounterKey key) {
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        CounterState known = writer.recent(key, day, () -> reads.countOf(key, day));
        return known == null ? Optional.empty() : Optional.of(new CounterState(key, known.count(), known.today(), false));
    }

    /**
     * The counter's hits per UTC day over the last {@code days} days up to today, every day present;
     * with {@code days} null, from its first day with hits. A counter never hit has no days.
     */
    public History history(CounterKey key, Integer days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long total = read(key).count();
        if (days == null) {
            List<History.Day> rows = reads.dailyHits(key, LocalDate.EPOCH.toString());
            return rows.isEmpty() || total == 0
                    ? new History(key, total, today, today, List.of())
                    : History.of(key, total, min(rows.get(0).date(), today), today, rows);
        }
        LocalDate first = today.minusDays(days - 1L);
        List<History.Day> rows = total == 0 ? List.of() : reads.dailyHits(key, first.toString());
        return total == 0 ? new History(key, 0, first, today, List.of()) : History.of(key, total, first, today, rows);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * True when the last write batch committed and the database answered a read within the last second.
     * The read is repeated at most once a second, so a busy health check costs next to nothing.
     */
    public boolean healthy() {
        long now = clock.millis();
        if (now - lastReadCheck >= 1_000 || now < lastReadCheck) {
            readable = reads.answers();
            lastReadCheck = now;
        }
        return readable && writer.healthy();
    }
}
