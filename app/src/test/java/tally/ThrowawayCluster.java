package tally;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tally.store.postgres.PostgresUrl;

/**
 * A PostgreSQL cluster of the test's own, made with Debian's pg_createcluster (as root) on a free port with
 * trust authentication, so the test may stop and start it: never the shared one. Dropped at close.
 */
final class ThrowawayCluster implements AutoCloseable {

    final String version;
    final String name;
    final int port;

    private ThrowawayCluster(String version, String name, int port) {
        this.version = version;
        this.name = name;
        this.port = port;
    }

    /** Makes and starts one; skips the calling test, saying why, where that is impossible here. */
    static ThrowawayCluster create() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            abort("needs a PostgreSQL cluster of its own, which pg_createcluster makes only as root;"
                    + " skipped (the shared server is never restarted by a test)");
        }
        String version = installedVersion();
        if (version == null || !Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))) {
            abort("needs pg_createcluster and a PostgreSQL server (Debian's postgresql package); skipped");
        }
        ThrowawayCluster cluster = new ThrowawayCluster(version,
                "tally_it_" + UUID.randomUUID().toString().substring(0, 8), freePort());
        run("pg_createcluster", version, cluster.name, "-p", String.valueOf(cluster.port), "--", "--auth=trust");
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The newest server under /usr/lib/postgresql, such as "15", or null. */
    private static String installedVersion() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.map(p -> p.getFileName().toString()).filter(v -> v.matches("\\d+"))
                    .filter(v -> Files.isExecutable(lib.resolve(v).resolve("bin/postgres")))
                    .max(Comparator.comparingInt(Integer::parseInt)).orElse(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    PostgresUrl url() {
        return PostgresUrl.fromEnv(Map.of("TALLY_DB", "postgresql://postgres@127.0.0.1:" + port + "/postgres"));
    }

    void start() throws Exception {
        run("pg_ctlcluster", version, name, "start");
    }

    /** A fast shutdown: open connections are ended at once, as when the server is restarted for an upgrade. */
    void stop() throws Exception {
        run("pg_ctlcluster", version, name, "stop", "-m", "fast");
    }

    long number(String sql) throws Exception {
        PostgresUrl url = url();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void run(String... command) throws Exception {
        // To a file, not a pipe: the server that pg_ctlcluster starts must not hold our end open.
        Path out = Files.createTempFile("pg-command", ".log");
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws Exception {
        run("pg_dropcluster", "--stop", version, name);
    }
}
