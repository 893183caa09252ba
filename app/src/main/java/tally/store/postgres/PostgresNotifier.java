package tally.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.ThrottledLog;

/**
 * Tells every instance which counters the others' commits changed: a batch's transaction NOTIFYs its changes
 * (delivered only if it commits, in commit order), and each instance LISTENs on one dedicated connection outside
 * the pool. While that connection is down, other instances' changes are not heard (PostgreSQL keeps nothing for
 * a listener that is gone): a live stream then sees only its own instance's hits, and on reconnection
 * {@link Listener#reconnected()} tells the owner to read its watched counters again and send their counts.
 */
public final class PostgresNotifier implements AutoCloseable {

    /** A counter's state after a commit: its id, kind, key, total and today's hits. */
    public record Change(long id, String kind, String key, long count, long today) {
    }

    /** Told of other instances' committed changes, on the listener's thread. */
    public interface Listener {
        void changed(List<Change> changes);

        /** The connection was lost and is back: changes made meanwhile were not heard, so read again. */
        void reconnected();
    }

    static final String CHANNEL = "tally_counters";
    /** PostgreSQL refuses payloads of 8,000 bytes or more; the rest is room for the envelope. */
    static final int MAX_PAYLOAD = 7_900;
    private static final int POLL_MS = 500;
    private static final long HEARTBEAT_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(PostgresNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PostgresDatabase db;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final ThrottledLog failures = new ThrottledLog(log::warn, Duration.ofSeconds(30));
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile int listenerPid;

    public PostgresNotifier(PostgresDatabase db) {
        this.db = db;
    }

    /** NOTIFYs the changes inside the caller's transaction, coalesced per counter and split under the size limit. */
    public void publish(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String payload : payloads(instance, changes)) {
                s.setString(1, payload);
                s.executeQuery().close();
            }
        }
    }

    /** The changes as JSON payloads of at most MAX_PAYLOAD bytes; a counter changed twice is sent once, as last seen. */
    static List<String> payloads(String from, List<Change> changes) {
        Map<Long, Change> latest = new LinkedHashMap<>();
        for (Change change : changes) {
            latest.merge(change.id(), change, (a, b) -> b.count() >= a.count() ? b : a);
        }
        String head = "{\"from\":\"" + from + "\",\"changes\":[";
        List<String> payloads = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int bytes = 0;
        for (Change change : latest.values()) {
            ArrayNode entry = JSON.createArrayNode().add(change.id()).add(change.kind()).add(change.key())
                    .add(change.count()).add(change.today());
            String text = entry.toString();
            int size = text.getBytes(StandardCharsets.UTF_8).length + 1;
            if (body.length() > 0 && head.length() + bytes + size + 2 > MAX_PAYLOAD) {
                payloads.add(head + body + "]}");
                body.setLength(0);
                bytes = 0;
            }
            body.append(body.length() > 0 ? "," : "").append(text);
            bytes += size;
        }
        payloads.add(head + body + "]}");
        return payloads;
    }

    /** Starts listening on a thread of its own; changes published by this same notifier are not passed on. */
    public synchronized void start(Listener listener) {
        if (thread != null) {
            throw new IllegalStateException("already listening");
        }
        thread = new Thread(() -> listen(listener), "tally-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** The backend process id of the LISTEN connection, or 0 while it is not connected. */
    public int listenerPid() {
        return listenerPid;
    }

    private void listen(Listener listener) {
        long backoff = 100;
        boolean lost = false;
        while (!closed) {
            try (Connection c = db.dedicatedConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 100;
                if (lost) {
                    // Listening again before the owner reads again: no change falls between the two.
                    log.info("listening for other instances' changes again");
                    listener.reconnected();
                    lost = false;
                }
                listenerPid = pg.getBackendPID();
                long heartbeat = System.currentTimeMillis() + HEARTBEAT_MS;
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(POLL_MS);
                    if (notes != null) {
                        deliver(notes, listener);
                    }
                    if (System.currentTimeMillis() >= heartbeat) {
                        s.execute("SELECT 1"); // a connection that died silently fails here
                        heartbeat = System.currentTimeMillis() + HEARTBEAT_MS;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listenerPid = 0;
                if (closed) {
                    return;
                }
                lost = true;
                failures.log("lost the connection that listens for other instances' changes; live streams see only"
                        + " this instance's hits until it is back: " + e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        listenerPid = 0;
    }

    private void deliver(PGNotification[] notes, Listener listener) {
        List<Change> changes = new ArrayList<>();
        for (PGNotification note : notes) {
            try {
                JsonNode root = JSON.readTree(note.getParameter());
                if (instance.equals(root.path("from").asText())) {
                    continue;
                }
                for (JsonNode e : root.path("changes")) {
                    changes.add(new Change(e.get(0).asLong(), e.get(1).asText(), e.get(2).asText(),
                            e.get(3).asLong(), e.get(4).asLong()));
                }
            } catch (Exception e) {
                failures.log("ignored a notification on " + CHANNEL + " that is not Tally's: " + e.getMessage());
            }
        }
        if (!changes.isEmpty()) {
            listener.changed(changes);
        }
    }

    /** Stops listening and closes the connection. */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
