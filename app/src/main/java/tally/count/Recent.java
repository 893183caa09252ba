package tally.count;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded in-memory memory of recent keys: each entry is forgotten once it is older than its time to
 * live, and the oldest go first when it holds {@code capacity} entries, so it never grows without limit.
 */
public final class Recent<K, V> {

    private record Entry<V>(V value, long at) {
    }

    private final long ttlMillis;
    private final int capacity;
    private final Clock clock;
    /** In insertion order, which is the order of their times: the oldest entry is always first. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();

    public Recent(Duration ttl, int capacity, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The value remembered for the key within the time to live, else {@code fresh}'s value, remembered from now. */
    public synchronized V remembered(K key, Supplier<V> fresh) {
        long now = clock.millis();
        forgetOld(now);
        Entry<V> e = entries.get(key);
        if (e != null) {
            return e.value();
        }
        V value = fresh.get();
        put(key, new Entry<>(value, now));
        return value;
    }

    /** True, and the key remembered from now, unless it was remembered within the time to live. */
    public synchronized boolean first(K key, V value) {
        long now = clock.millis();
        forgetOld(now);
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, new Entry<>(value, now));
        return true;
    }

    public synchronized void forget(K key) {
        entries.remove(key);
    }

    public synchronized int size() {
        forgetOld(clock.millis());
        return entries.size();
    }

    private void put(K key, Entry<V> entry) {
        entries.put(key, entry);
        if (entries.size() > capacity) {
            Iterator<K> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void forgetOld(long now) {
        Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            long at = it.next().getValue().at();
            // a clock that went back counts as expired too, so nothing is remembered for longer than the window
            if (now - at < ttlMillis && at <= now) {
                return;
            }
            it.remove();
        }
    }
}
