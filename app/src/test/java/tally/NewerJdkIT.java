package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar starts on JDK 25 without a WARNING (sqlite-jdbc's native library is allowed by the manifest). */
class NewerJdkIT {

    private static final Path JDK_25 = Path.of(System.getProperty("tally.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    @TempDir
    Path dir;

    @Test
    void theJarStartsOnJdk25WithoutAWarningAndCounts() throws Exception {
        Path java = JDK_25.resolve("bin/java");
        assumeTrue(Files.isExecutable(java), "no JDK 25 at " + JDK_25 + " (set -Dtally.jdk25): not tested");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx128m", "-jar",
                System.getProperty("tally.jar", "target/tally.jar"));
        pb.environment().putAll(Map.of("TALLY_PORT", "0", "TALLY_HOST", "127.0.0.1", "TALLY_DB", dir.resolve("tally.db").toString()));
        Process p = pb.start();
        try {
            StringBuffer stderr = new StringBuffer();
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        stderr.append(line).append('\n');
                        if (line.contains("listening on http://")) {
                            listening.complete(null);
                        }
                    }
                } catch (java.io.IOException e) {
                    listening.completeExceptionally(e);
                }
                listening.completeExceptionally(new IllegalStateException("exited before listening:\n" + stderr));
            });
            reader.setDaemon(true);
            reader.start();
            listening.get(60, TimeUnit.SECONDS);
            // The native library is loaded when the database opens, before the listening line.
            assertThat(stderr.toString()).doesNotContain("WARNING");
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            assertThat(p.exitValue()).as("exit code; stderr:\n" + stderr).isZero();
            assertThat(stderr.toString()).doesNotContain("WARNING").contains("Tally stopped");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
