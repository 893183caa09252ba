package tally.count;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The last known state of recently used counters, so that reading a count (a /nocount badge, the builder's
 * look-up) need not take a database connection. The hit writer updates it after every commit, in commit
 * order; a read that misses goes to the database and keeps what it found only if no commit updated the
 * map meanwhile (a seqlock: the version is odd while the writer updates), so a stale count never
 * overwrites a newer one. It holds because this process is the counters' only writer.
 */
final class RecentCounts {

    /** A counter's state on a UTC day; tally is null for a counter never counted. */
    private record Entry(CounterState tally, String day) {
    }

    private final int capacity;
    private final Map<CounterKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    RecentCounts(int capacity) {
        this.capacity = capacity;
    }

    /** Called by the writer's thread only, after a commit, with the tallies of its counted hits in order. */
    void committed(Iterable<CounterState> counted, String day) {
        version.incrementAndGet();
        for (CounterState t : counted) {
            entries.put(t.key(), new Entry(t, day));
        }
        version.incrementAndGet();
    }

    /** Called by the writer's thread only, after an admin change (an import, a set, a delete) committed: forgets every counter. */
    void forgetAll() {
        version.incrementAndGet();
        entries.clear();
        version.incrementAndGet();
    }

    /** The counter's state on {@code day} (null if never counted), from memory or else from {@code database}. */
    CounterState get(CounterKey key, String day, Supplier<CounterState> database) {
        Entry known = entries.get(key);
        if (known != null && known.day().equals(day)) {
            return known.tally();
        }
        long before = version.get();
        CounterState read = database.get();
        if ((before & 1) == 0 && version.get() == before) {
            if (entries.size() >= capacity) {
                entries.clear(); // crude but bounded: the counters in use come back at their next read
            }
            Entry found = new Entry(read, day);
            if (known == null) {
                entries.putIfAbsent(key, found);
            } else {
                entries.replace(key, known, found);
            }
        }
        return read;
    }
}
