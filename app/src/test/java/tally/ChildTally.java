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

    private ChildTally(Process process, int port, StringBuffer log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ChildTally start(Path database, Map<String, String> env) throws Exception {
        return start(database, env, List.of());
    }

    /** {@code prefix} runs the JVM under another command, for example {@code prlimit} to limit its files. */
    static ChildTally start(Path database, Map<String, String> env, List<String> prefix) throws Exception {
        String jar = System.getProperty("tally.jar", "target/tally.jar");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TALLY_PORT", "0");
        pb.environment().put("TALLY_HOST", "127.0.0.1");
        pb.environment().put("TALLY_DB", database.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
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
            return new ChildTally(p, port.get(60, TimeUnit.SECONDS), log);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly(); // not left running when it does not start in time
            throw e;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
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
