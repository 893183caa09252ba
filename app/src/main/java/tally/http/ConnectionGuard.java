package tally.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.ThrottledLog;

/**
 * Keeps slow or greedy clients from holding every connection: refuses connections beyond a number per client
 * address, and closes a connection whose request line and headers take longer than the header timeout to
 * arrive (a few seconds once the server is near its connection limit), however slowly they trickle in.
 */
final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener, SelectorManager.AcceptListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final String REFUSAL = "your address has too many connections open: reuse one, or close some and retry\n";
    private static final byte[] TOO_MANY = ("HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: " + REFUSAL.length() + "\r\n\r\n"
            + REFUSAL).getBytes(StandardCharsets.US_ASCII);

    private final int perIp;
    private final long headerNanos;
    private final long headerNanosAtLimit;
    private final BooleanSupplier nearLimit;
    private final Map<String, Integer> byIp = new ConcurrentHashMap<>();
    /** Each counted connection's address: once closed, a channel no longer knows it. */
    private final Map<SelectableChannel, String> ips = new ConcurrentHashMap<>();
    /** Open HTTP/1 connections, with when their current request head was first seen arriving. */
    private final Map<HttpConnection, Head> open = new ConcurrentHashMap<>();
    private final ThrottledLog refusals = new ThrottledLog(log::info, Duration.ofMinutes(1));
    private final ThrottledLog timeouts = new ThrottledLog(log::info, Duration.ofMinutes(1));
    private ScheduledExecutorService timer;

    /** A request head in progress: the connection's request count when it was first seen, and when. */
    private record Head(long messages, long since) {
    }

    ConnectionGuard(int perIp, Duration headerTimeout, Duration headerTimeoutAtLimit, BooleanSupplier nearLimit) {
        this.perIp = perIp;
        this.headerNanos = headerTimeout.toNanos();
        this.headerNanosAtLimit = headerTimeoutAtLimit.toNanos();
        this.nearLimit = nearLimit;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tally-connection-guard");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::closeSlowHeads, 250, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        timer.shutdownNow();
    }

    /**
     * Refuses a connection beyond the address's limit as soon as it is accepted, on the acceptor's thread and
     * before Jetty spends anything on it, so that a client reconnecting in a loop costs little.
     */
    @Override
    public void onAccepting(SelectableChannel channel) {
        if (perIp <= 0 || !(channel instanceof SocketChannel socket)) {
            return;
        }
        String ip;
        try {
            ip = address(socket.getRemoteAddress());
        } catch (IOException e) {
            return; // already closed
        }
        ips.put(channel, ip);
        if (byIp.merge(ip, 1, Integer::sum) > perIp) {
            // no address in the log: nothing that identifies a client is kept, there either
            refusals.log("refused connections from an address beyond its " + perIp + " open (TALLY_CONNECTIONS_PER_IP)");
            try {
                socket.write(ByteBuffer.wrap(TOO_MANY)); // a fresh socket's buffer takes it whole, without blocking
            } catch (IOException e) {
                // closed below all the same
            }
            try {
                socket.close(); // Jetty then fails the accept quietly and calls onAcceptFailed
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        forget(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        forget(channel);
    }

    private void forget(SelectableChannel channel) {
        String ip = ips.remove(channel);
        if (ip != null) {
            byIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, new Head(-1, 0));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.remove(http);
        }
    }

    /** Run every quarter second: a head counts from when it is first seen in progress. */
    private void closeSlowHeads() {
        long now = System.nanoTime();
        long limit = nearLimit.getAsBoolean() ? headerNanosAtLimit : headerNanos;
        open.replaceAll((http, head) -> {
            HttpParser parser = http.getParser();
            if (!parser.inHeaderState() || parser.isStart()) {
                return new Head(-1, 0);
            }
            long messages = http.getMessagesIn();
            if (head.messages() != messages) {
                return new Head(messages, now);
            }
            if (now - head.since() > limit) {
                timeouts.log("closed a connection whose request head took over " + Duration.ofNanos(limit).toSeconds() + " s (TALLY_HEADER_TIMEOUT)");
                http.getEndPoint().close();
            }
            return head;
        });
    }

    static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
