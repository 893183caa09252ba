package tally.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streams watching one counter, its newest committed value, whether that value is still to be sent,
 * and whether the counter is cooling down after a send (then changes wait for the interval's end).
 */
final class Channel {

    final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong latest = new AtomicLong(-1);
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean cooling = new AtomicBoolean();

    /** Notes a committed value; called on the writer's completion thread. */
    void changed(long value) {
        latest.accumulateAndGet(value, Math::max);
        dirty.set(true);
    }

    /** True for the one caller that ends a quiet period: it sends now and owns the cooling down that follows. */
    boolean startCooling() {
        return cooling.compareAndSet(false, true);
    }

    void stopCooling() {
        cooling.set(false);
    }

    boolean dirty() {
        return dirty.get();
    }

    /** Writes the newest value, once computed, to every stream, if it changed since the last flush; true if it did. */
    boolean flush() {
        // Clear before reading: a change that lands in between is sent now or on the next flush, never lost.
        if (!dirty.getAndSet(false)) {
            return false;
        }
        long value = latest.get();
        byte[] frame = LiveStream.event(value);
        for (LiveStream s : streams) {
            s.send(value, frame);
        }
        return true;
    }

    long latest() {
        return latest.get();
    }
}
