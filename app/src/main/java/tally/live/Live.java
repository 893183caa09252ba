package tally.live;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.count.CounterKey;
import tally.count.CounterState;

/**
 * Live counters: streams subscribe to a counter; the writer's commits mark counters changed; one thread
 * sends each changed counter's newest value to its streams, and keep-alive comments every 15 seconds.
 * Changes are coalesced on both edges: the first change after a quiet period goes out at once, later
 * ones at most once per interval, and the last one always.
 */
public final class Live implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Live.class);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Duration interval;
    private final Limits limits;
    private final Map<CounterKey, Channel> channels = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tally-live");
        t.setDaemon(true);
        return t;
    });

    public Live(Duration interval, int max, int perIp) {
        this(interval, max, perIp, Integer.MAX_VALUE);
    }

    public Live(Duration interval, int max, int perIp, int perNetwork) {
        this.interval = interval;
        this.limits = new Limits(max, perIp, perNetwork);
        timer.scheduleAtFixedRate(this::keepAlive, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes the counters a commit changed: what {@code HitWriter.onCommit} calls. */
    public void changed(List<CounterState> tallies) {
        for (CounterState t : tallies) {
            Channel channel = channels.get(t.key());
            if (channel != null) {
                channel.changed(t.count());
                if (channel.startCooling()) {
                    run(() -> leadingEdge(channel), 0);
                }
            }
        }
    }

    /**
     * Answers the request with a stream of the counter, or throws Refused beyond the limits. The stream is
     * subscribed before the current value is read, so no commit falls between the two.
     */
    public void open(Context ctx, CounterKey key, String ip, long base, LongSupplier current) {
        limits.admit(ip);
        LiveStream stream = new LiveStream(ip, base, s -> leave(key, s));
        channels.compute(key, (k, c) -> {
            Channel channel = c != null ? c : new Channel();
            channel.streams.add(stream);
            return channel;
        });
        long value;
        try {
            value = current.getAsLong();
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        stream.start(ctx);
        stream.send(value, LiveStream.event(value));
    }

    /** The counters some stream watches now. */
    public Set<CounterKey> watched() {
        return Set.copyOf(channels.keySet());
    }

    /** How many streams are open now. */
    public int streams() {
        return limits.total();
    }

    private void leave(CounterKey key, LiveStream stream) {
        channels.computeIfPresent(key, (k, c) -> {
            c.streams.remove(stream);
            return c.streams.isEmpty() ? null : c;
        });
        limits.release(stream.ip);
    }

    /** Sends the change that ended a quiet period, then cools the counter down for an interval. */
    private void leadingEdge(Channel channel) {
        flush(channel);
        run(() -> trailingEdge(channel), interval.toMillis());
    }

    /** At the end of an interval: sends what changed meanwhile and cools down again, or else goes quiet. */
    private void trailingEdge(Channel channel) {
        if (flush(channel)) {
            run(() -> trailingEdge(channel), interval.toMillis());
            return;
        }
        channel.stopCooling();
        // A change that came between the flush and stopCooling found the channel cooling and left it to us.
        if (channel.dirty() && channel.startCooling()) {
            leadingEdge(channel);
        }
    }

    private boolean flush(Channel channel) {
        try {
            return channel.flush();
        } catch (RuntimeException e) {
            log.error("live: a flush failed, continuing", e);
            return false;
        }
    }

    private void run(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: every stream is being closed anyway
        }
    }

    private void keepAlive() {
        try {
            channels.values().forEach(c -> c.streams.forEach(LiveStream::keepAlive));
        } catch (RuntimeException e) {
            log.error("live: a keep-alive round failed, continuing", e);
        }
    }

    /** Refuses new streams and ends every open one, so that the server can stop at once. */
    @Override
    public void close() {
        limits.close();
        channels.values().forEach(c -> c.streams.forEach(LiveStream::close));
        timer.shutdownNow();
    }
}
