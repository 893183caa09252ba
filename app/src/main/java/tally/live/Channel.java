package tally.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The streams watching one counter, its newest committed value, and whether that value is still to be sent. */
final class Channel {

    final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong latest = new AtomicLong(-1);
    private final AtomicBoolean dirty = new AtomicBoolean();

    /** Notes a committed value; called on the writer's completion thread. */
    void changed(long value) {
        latest.accumulateAndGet(value, Math::max);
        dirty.set(true);
    }

    /** Writes the newest value, once computed, to every stream, if it changed since the last flush. */
    void flush() {
        // Clear before reading: a change that lands in between is sent now or on the next flush, never lost.
        if (!dirty.getAndSet(false)) {
            return;
        }
        long value = latest.get();
        byte[] frame = LiveStream.event(value);
        for (LiveStream s : streams) {
            s.send(value, frame);
        }
    }

    long latest() {
        return latest.get();
    }
}
