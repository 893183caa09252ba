package tally.browser;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class InstalledChromiumTest {

    @TempDir
    Path dir;

    @Test
    void missingBrowserSkipsTheTestOutsideCi() {
        InstalledChromium absent = new InstalledChromium(dir.resolve("chromium"), dir.resolve("chromedriver"));

        assertThatThrownBy(() -> absent.assumeInstalled(Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void missingBrowserFailsTheTestOnCi() {
        InstalledChromium absent = new InstalledChromium(dir.resolve("chromium"), dir.resolve("chromedriver"));

        assertThatThrownBy(() -> absent.assumeInstalled(Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("chromium");
    }

    @Test
    void missingDriverAloneIsEnoughToSkip() throws Exception {
        Path browser = Files.createFile(dir.resolve("chromium"));
        browser.toFile().setExecutable(true);
        InstalledChromium noDriver = new InstalledChromium(browser, dir.resolve("chromedriver"));

        assertThatThrownBy(() -> noDriver.assumeInstalled(Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("chromedriver");
    }

    @Test
    void installedBrowserLetsTheTestRunEvenOnCi() throws Exception {
        Path browser = Files.createFile(dir.resolve("chromium"));
        Path driver = Files.createFile(dir.resolve("chromedriver"));
        browser.toFile().setExecutable(true);
        driver.toFile().setExecutable(true);

        assertThatCode(() -> new InstalledChromium(browser, driver).assumeInstalled(Map.of("CI", "true")))
                .doesNotThrowAnyException();
    }
}
