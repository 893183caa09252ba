package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit passes {@code systemd-analyze verify} where that exists, and the unit and the Dockerfile
 * run the jar with the same memory settings. (No Docker engine here: the image itself is not built.)
 */
class PackagingTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String JAVA_FLAGS = "-Xmx128m -XX:+UseSerialGC -jar /opt/tally/tally.jar";

    @TempDir
    Path dir;

    @Test
    void theSystemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) || Files.isExecutable(Path.of("/bin/systemd-analyze")),
                "systemd-analyze is not installed: the unit is not verified here");
        String unit = Files.readString(ROOT.resolve("packaging/tally.service"));
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            // verify checks that ExecStart's program exists: use this JVM's where /usr/bin/java is missing
            unit = unit.replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        Path copy = Files.writeString(dir.resolve("tally.service"), unit);
        Process p = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        // Unknown or misspelt keys are only warned about: any line about the unit is a defect.
        assertThat(output.lines().filter(l -> l.contains("tally.service"))).as(output).isEmpty();
    }

    @Test
    void theUnitIsHardenedAndRunsTheJarWithTheRecommendedMemorySettings() throws Exception {
        String unit = Files.readString(ROOT.resolve("packaging/tally.service"));
        assertThat(unit).contains("ExecStart=/usr/bin/java " + JAVA_FLAGS, "DynamicUser=yes", "StateDirectory=tally",
                "ProtectSystem=strict", "LimitNOFILE=", "NoNewPrivileges=yes", "TALLY_DB=/var/lib/tally/tally.db");
        // listening on loopback only means a proxy in front, whose X-Forwarded-For names the reader
        assertThat(unit).contains("Environment=TALLY_HOST=127.0.0.1", "Environment=TALLY_TRUST_PROXY=1");
    }

    @Test
    void theDockerfileRunsAsAUserWithADataVolumeAndAHealthCheck() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("./mvnw", "USER tally", "VOLUME /data", "TALLY_DB=/data/tally.db", "HEALTHCHECK", "/healthz",
                "\"" + String.join("\", \"", JAVA_FLAGS.split(" ")) + "\"");
    }
}
