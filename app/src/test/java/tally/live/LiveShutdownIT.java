package tally.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM of the real jar with live streams open still exits 0 within 10 seconds, ending every stream. */
class LiveShutdownIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void sigtermWithOpenStreamsExitsZeroWithinTenSeconds() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("tally.jar", "target/tally.jar")).redirectErrorStream(true);
        pb.environment().put("TALLY_PORT", "0");
        pb.environment().put("TALLY_HOST", "127.0.0.1");
        pb.environment().put("TALLY_DB", dir.resolve("tally.db").toString());
        Process tally = pb.start();
        try {
            StringBuffer log = new StringBuffer();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(tally.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        log.append(line).append('\n');
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (java.io.IOException e) {
                    port.completeExceptionally(e);
                }
                port.completeExceptionally(new IllegalStateException("tally exited before listening:\n" + log));
            });
            reader.setDaemon(true);
            reader.start();
            int p = port.get(30, TimeUnit.SECONDS);
            List<Sse> streams = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Sse sse = Sse.open(p, i % 2 == 0 ? "/counters/c" + i : "/live?url=example.com/" + i);
                sse.next();
                streams.add(sse);
            }
            new ProcessBuilder("kill", "-TERM", String.valueOf(tally.pid())).start().waitFor();
            assertThat(tally.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s; log:\n" + log).isTrue();
            assertThat(tally.exitValue()).as("exit code; log:\n" + log).isZero();
            assertThat(streams).allMatch(Sse::ends);
            assertThat(log.toString()).contains("Tally stopped; every acknowledged hit is committed");
        } finally {
            tally.destroyForcibly();
            tally.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
