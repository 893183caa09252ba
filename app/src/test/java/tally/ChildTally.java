package tally;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real fat jar running in a child JVM, on a port it picks, with its log captured. */
final class ChildTally implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Process process;
    final int port;
    /** Everything the child has printed so far; a reader thread keeps appending to it. */
    final StringBuffer log;

    /** Completes when the child's output ends, so the log then holds every line it wrote. */
    private final CompletableFuture<Void> outputEnded;

    private ChildTally(Process process, int port, StringBuffer log, CompletableFuture<Void> outputEnded) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.outputEnded = outputEnded;
    }

    static ChildTally start(Path database, Map<String, String> env) throws Exception {
        return start(database, env, List.of());
    }

    /** {@code prefix} runs the JVM under another command, for example {@code prlimit} to limit its files. */
    static ChildTally start(Path database, Map<String, String> env, List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(javaCommand().split(" ")));
        return launch(database, env, command);
    }

    /** The command that runs the jar, as one line: for a supervisor that takes it as one argument (litestream -exec). */
    static String javaCommand() {
        String jar = System.getProperty("tally.jar", "target/tally.jar");
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx256m -jar " + Path.of(jar).toAbsolutePath();
    }

    /** The jar on the database TALLY_DB names as it is, such as a PostgreSQL URL. */
    static ChildTally startOn(String tallyDb, Map<String, String> env) throws Exception {
        return launch(tallyDb, env, List.of(javaCommand().split(" ")));
    }

    /** Runs {@code command}, which starts the jar somewhere in it, with Tally's variables set. */
    static ChildTally launch(Path database, Map<String, String> env, List<String> command) throws Exception {
        return launch(database.toString(), env, command);
    }

    private static ChildTally launch(String tallyDb, Map<String, String> env, List<String> command) throws Exception {
        // A shell without job control starts background jobs with Ctrl-C (SIGINT) and SIGQUIT ignored; a child
        // inherits that, and the JVM then keeps them ignored (as nohup expects). A test run so would see a
        // Ctrl-C do nothing: the child gets them back (GNU env).
        List<String> withSignals = new ArrayList<>(List.of("env", "--default-signal=INT,QUIT"));
        withSignals.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(withSignals).redirectErrorStream(true);
        pb.environment().put("TALLY_PORT", "0");
        pb.environment().put("TALLY_HOST", "127.0.0.1");
        pb.environment().put("TALLY_DB", tallyDb);
        // Load from one test address would meet the abuse limits; their own tests turn them on.
        pb.environment().put("TALLY_RATE_LIMIT", "off");
        pb.environment().put("TALLY_NEW_COUNTERS_PER_HOUR", "off");
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            ended.complete(null);
            String exit;
            try {
                exit = p.waitFor(5, TimeUnit.SECONDS) ? "exit code " + p.exitValue() : "still running";
            } catch (InterruptedException e) {
                exit = "interrupted";
            }
            port.completeExceptionally(new IllegalStateException("tally's output ended before it listened ("
                    + exit + "):\n" + log));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            // Generous: a JVM took over 60 s to listen while six engineers loaded the two cores (load average 40).
            return new ChildTally(p, port.get(180, TimeUnit.SECONDS), log, ended);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly(); // not left running when it does not start in time
            throw e;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the signal (TERM, INT, ...) and waits up to 30 s for the exit; returns the exit code, or -1 if still running. */
    int signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
        // An orderly stop takes well under a second; 30 s leaves room for a machine busy with other tests.
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            // A thread dump in the log (SIGQUIT), so that a failure shows where the stop hung.
            new ProcessBuilder("kill", "-QUIT", String.valueOf(process.pid())).start().waitFor();
            Thread.sleep(1_000);
            return -1;
        }
        outputEnded.get(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /**
     * The sum of every counter, read from the database file by a connection of the test's own: after an
     * orderly stop, without a -wal beside it, that is what the file alone holds.
     */
    static long hitsInFile(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(sum(count), 0) FROM counters")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
