package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backup and checkpoint variables: defaults, units, and messages that name the variable. */
class OperationsConfigTest {

    @Test
    void scheduledBackupsAreOffAndTallyCheckpointsByDefault() {
        Config config = Config.fromEnv(Map.of());
        assertThat(config.operations().backupDir()).isNull();
        assertThat(config.operations().backupEvery()).isEqualTo(Duration.ofHours(6));
        assertThat(config.operations().backupKeep()).isEqualTo(7);
        assertThat(config.counting().checkpoint()).isEqualTo(Config.Checkpoint.AUTO);
    }

    @Test
    void backupPeriodsTakeSecondsMinutesHoursOrDays() {
        Map<String, Duration> periods = Map.of("90s", Duration.ofSeconds(90), "30m", Duration.ofMinutes(30),
                "6h", Duration.ofHours(6), "1d", Duration.ofDays(1), "12H", Duration.ofHours(12));
        periods.forEach((text, expected) -> assertThat(Config.fromEnv(Map.of("TALLY_BACKUP_EVERY", text)).operations().backupEvery())
                .as(text).isEqualTo(expected));
        Config config = Config.fromEnv(Map.of("TALLY_BACKUP_DIR", "/var/backups/tally", "TALLY_BACKUP_KEEP", "3",
                "TALLY_CHECKPOINT", "litestream"));
        assertThat(config.operations().backupDir()).isEqualTo(Path.of("/var/backups/tally"));
        assertThat(config.operations().backupKeep()).isEqualTo(3);
        assertThat(config.counting().checkpoint()).isEqualTo(Config.Checkpoint.LITESTREAM);
    }

    @Test
    void badValuesNameTheVariable() {
        for (String bad : new String[] {"6", "0h", "-1h", "6 hours", "1w", "h"}) {
            assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_BACKUP_EVERY", bad))).as(bad)
                    .hasMessageContaining("TALLY_BACKUP_EVERY").hasMessageContaining("30m");
        }
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_BACKUP_KEEP", "0"))).hasMessageContaining("TALLY_BACKUP_KEEP");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_CHECKPOINT", "never"))).hasMessageContaining("TALLY_CHECKPOINT");
    }

    @Test
    void helpListsTheCommandsAndEveryVariable() {
        String help = tally.cli.Commands.helpText();
        assertThat(help).contains("backup FILE [--force]", "restore FILE", "--version");
        Config.VARIABLES.keySet().forEach(name -> assertThat(help).contains(name));
    }
}
