package tally.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The machine's own Chromium and chromedriver, started headless so Selenium never downloads a browser. */
record InstalledChromium(Path browser, Path driver) {

    // Selenium warns that it has no CDP classes for this Chromium; the tests only use chromedriver's CDP passthrough.
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static final InstalledChromium DEBIAN =
            new InstalledChromium(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver"));

    /** Skips the calling test when the browser is missing, except on CI (CI=true), where that is a failure. */
    void assumeInstalled(Map<String, String> env) {
        List<Path> missing = Stream.of(browser, driver).filter(path -> !Files.isExecutable(path)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String needs = "the browser tests need " + missing
                + "; install them with: apt-get install -y chromium chromium-driver";
        if ("true".equals(env.get("CI"))) {
            fail("CI=true and " + needs);
        }
        abort("Browser tests skipped: " + needs + " (with CI=true this is a failure)");
    }

    ChromeDriver start(Path profile) {
        return start(profile, new String[0]);
    }

    /** With more command-line arguments, such as another User-Agent. */
    ChromeDriver start(Path profile, String... extra) {
        SELENIUM_LOG.setLevel(Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", driver.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--window-size=1280,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(extra);
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return chrome;
    }
}
