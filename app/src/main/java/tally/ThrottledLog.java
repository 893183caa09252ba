package tally;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A log line for a failure that can repeat on every request: the first is written, then at most one per
 * period, each saying how many were left out before it, so that an outage does not flood the log.
 */
public final class ThrottledLog {

    private final Consumer<String> sink;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private boolean written;
    private long nextAt;
    private long leftOut;
    private long sinceRecovery;

    /** {@code sink} writes one line, for example {@code line -> log.error(line)}. */
    public ThrottledLog(Consumer<String> sink, Duration period) {
        this(sink, period, System::nanoTime);
    }

    ThrottledLog(Consumer<String> sink, Duration period, LongSupplier nanoTime) {
        this.sink = sink;
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Writes the line unless one was written less than a period ago; then only counts it. */
    public void log(String line) {
        long before;
        synchronized (this) {
            sinceRecovery++;
            long now = nanoTime.getAsLong();
            if (written && now - nextAt < 0) {
                leftOut++;
                return;
            }
            written = true;
            nextAt = now + periodNanos;
            before = leftOut;
            leftOut = 0;
        }
        sink.accept(before == 0 ? line : line + " (and " + before + " more like it since the last, not logged)");
    }

    /** How many failures were reported (logged or not) since the last call: for the line saying they are over. */
    public synchronized long recovered() {
        long n = sinceRecovery;
        sinceRecovery = 0;
        return n;
    }
}
