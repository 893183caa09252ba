package tally.http;

import com.sun.management.UnixOperatingSystemMXBean;
import io.javalin.config.JavalinConfig;
import java.lang.management.ManagementFactory;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.Config;
import tally.ThrottledLog;

/**
 * Jetty's part of the server: graceful stop, Tally's own error pages, 405 for methods no route has, 400 for
 * WebSocket handshakes, the connector with its limits (connections in all and per address, time to send a
 * request's head).
 */
final class JettySetup {

    private static final Logger log = LoggerFactory.getLogger(JettySetup.class);
    /** Descriptors kept for the database, the jar and the JVM when the connection limit follows the open-file limit. */
    static final int FILES_RESERVE = 128;
    /** Idle connections are closed this soon once the server is at its connection limit. */
    private static final Duration IDLE_AT_LIMIT = Duration.ofSeconds(2);
    /**
     * A request's line and headers, at most: twice Jetty's 8 KB, so that a page view with a 10 KB title still
     * gets its GIF (the title is cut when stored), while a head that does not fit is refused before it costs more.
     */
    static final int REQUEST_HEAD = 16 * 1024;

    private JettySetup() {
    }

    static void apply(JavalinConfig c, Config config) {
        c.jetty.host = config.server().host();
        c.jetty.modifyServer(server -> {
            server.setStopTimeout(5_000);
            server.insertHandler(new GracefulHandler());
            server.insertHandler(new UnsupportedMethods());
            server.insertHandler(new RefusedHeads());
            server.insertHandler(BodiesFirst.handler(config.server().headerTimeout()));
            server.setErrorHandler(new JettyErrors());
        });
        c.jetty.addConnector((server, http) -> connector(server, http, c.jetty.host, c.jetty.port, config));
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, String host, int port, Config config) {
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(REQUEST_HEAD);
        // Jetty caches each connection's header values in a 1,024-entry trie and clears it when full: behind a
        // proxy one connection carries many clients' User-Agents and addresses, and the clearing took a quarter of
        // the pixel's CPU (docs/performance-analytics.md). Values that differ per client gain nothing from it.
        http.setHeaderCacheSize(0);
        ServerConnector connector = new QuietConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        int max = maxConnections(config.server().maxConnections());
        NetworkConnectionLimit limit = new NetworkConnectionLimit(max, connector);
        limit.setEndPointIdleTimeout(IDLE_AT_LIMIT.toMillis());
        connector.addBean(limit);
        int perIp = config.server().trustProxy() ? 0 : config.server().connectionsPerIp();
        connector.addBean(new ConnectionGuard(perIp, config.server().headerTimeout(), IDLE_AT_LIMIT,
                () -> limit.getNetworkConnectionCount() >= max * 9L / 10));
        log.info("Connections: at most {} (TALLY_MAX_CONNECTIONS), {} per client address (TALLY_CONNECTIONS_PER_IP),"
                + " request heads within {} s (TALLY_HEADER_TIMEOUT)", max, perIp == 0 ? "any number" : perIp,
                config.server().headerTimeout().toSeconds());
        return connector;
    }

    /** The configured limit, or the open-file limit less what the database and the JVM need. */
    static int maxConnections(int configured) {
        if (configured > 0) {
            return configured;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long files = unix.getMaxFileDescriptorCount();
            return (int) Math.max(64, Math.min(1_000_000, files - FILES_RESERVE));
        }
        return 10_000;
    }

    /** Answers 405 with Allow to TRACE, CONNECT, PRI and {@code OPTIONS *}, which no route serves. */
    static final class UnsupportedMethods extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String method = request.getMethod();
            boolean unsupported = HttpMethod.TRACE.is(method) || HttpMethod.CONNECT.is(method) || HttpMethod.PRI.is(method)
                    || HttpMethod.OPTIONS.is(method) && "*".equals(request.getHttpURI().getPath());
            if (unsupported) {
                Response.writeError(request, response, callback, 405);
                return true;
            }
            return super.handle(request, response, callback);
        }
    }

    /** A connector whose failures to accept (such as running out of descriptors) are logged once a minute. */
    static final class QuietConnector extends ServerConnector {
        private final ThrottledLog acceptFailures = new ThrottledLog(log::warn, Duration.ofMinutes(1));

        QuietConnector(Server server, HttpConnectionFactory factory) {
            super(server, factory);
        }

        @Override
        protected boolean handleAcceptFailure(Throwable failure) {
            if (!isRunning() || failure instanceof InterruptedException) {
                return super.handleAcceptFailure(failure);
            }
            if (failure instanceof ClosedChannelException) {
                return false; // the connector is being closed
            }
            acceptFailures.log("cannot accept connections: " + failure
                    + " (raise the open-file limit, e.g. systemd's LimitNOFILE, or lower TALLY_MAX_CONNECTIONS)");
            try {
                Thread.sleep(100); // as Jetty does, not to spin; shorter, so that service resumes soon
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
