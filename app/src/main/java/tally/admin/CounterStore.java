package tally.admin;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import tally.StorageException;
import tally.count.CounterKey;
import tally.count.CounterState;

/**
 * What the admin API needs from storage: counters imported, set and deleted, each change in a transaction of
 * its own, and counters listed and exported. Failures are thrown as tally.StorageException.
 */
public interface CounterStore {

    /** The orders a list may ask for. */
    Set<String> SORTS = Set.of("count", "today", "last", "key");

    /** One import line: a total when day is null, else that UTC day's hits (ISO date); line is its number in the file. */
    record Row(CounterKey key, long count, String day, long line) {
        public Row(CounterKey key, long count, String day) {
            this(key, count, day, 0);
        }
    }

    /** A listed counter: total, hits on the given day, and the last counted hit (epoch ms, null if none since it was made). */
    record Listed(CounterKey key, long count, long today, Long lastHit) {
    }

    /** A page of counters and how many match in all. */
    record Page(long total, List<Listed> counters) {
    }

    /** What {@link #export} hands over for each counter: its total, then each of its days in order. */
    interface Sink {
        void counter(CounterKey key, long count) throws IOException;

        void day(CounterKey key, String day, long hits) throws IOException;
    }

    /**
     * Applies every row in one transaction, all or nothing: lines naming the same counter (or day) are summed, and
     * {@code add} adds to the stored values instead of replacing them; throws InvalidImport, applying nothing, if a
     * total or a day would go past {@link Admin#MAX_COUNT}. Answers the state of the imported counters
     * (up to a bound) for live streams; {@code counters[0]} receives how many counters the import named.
     */
    List<CounterState> importRows(Iterable<Row> rows, boolean add, long now, String today, long[] counters);

    /** Sets a counter's total, creating it if needed; answers its new state. */
    List<CounterState> set(CounterKey key, long count, long now, String today);

    /** Deletes a counter with its days and tokens; answers its last state, or nothing if there was none. */
    List<CounterState> delete(CounterKey key);

    /** Counters whose key contains {@code q} (any case), in the order {@code sort} names (one of {@link #SORTS}). */
    Page page(String q, String sort, int limit, long offset, String today);

    /** Hands every counter and day to the sink from one consistent snapshot, streamed. */
    void export(Sink sink) throws IOException;
}
