package tally.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import tally.Http;
import tally.TestTally;

/** /nocount/history.svg as a README shows it, next to its badge, at GitHub's widths in light and dark; screenshots under target/screenshots. */
class HistoryChartScreenshotTest {

    static Path dir;
    static TestTally tally;
    static ChromeDriver chrome;

    @BeforeAll
    static void countSixtyDaysAndStartChromium() throws IOException {
        InstalledChromium.DEBIAN.assumeInstalled(System.getenv());
        dir = Files.createTempDirectory("tally-history-");
        tally = TestTally.create(dir.resolve("server"));
        tally.app.start(0);
        for (int day = 0; day < 60; day++) {
            int hits = 1 + (day % 7 == 5 ? 0 : day / 6 + (day * 7) % 5);
            for (int i = 0; i < hits; i++) {
                Http.get(tally.app.port(), "/count?url=github.com%2Fyou%2Frepo", Map.of());
            }
            tally.clock.advanceSeconds(86_400);
        }
        Http.get(tally.app.port(), "/count?url=github.com%2Fyou%2Frepo", Map.of());
        chrome = InstalledChromium.DEBIAN.start(dir.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        if (chrome != null) {
            chrome.quit();
        }
        if (tally != null) {
            tally.close();
        }
    }

    @Test
    void theChartLoadsBesideItsBadgeAtReadmeWidthsInLightAndDark() {
        String base = "http://localhost:" + tally.app.port();
        String url = "url=github.com%2Fyou%2Frepo";
        String html = """
                <!doctype html><meta name="color-scheme" content="light dark">
                <style>body{margin:0;padding:16px;font:14px sans-serif}@media (prefers-color-scheme:dark){body{background:#0d1117;color:#f0f6fc}}
                .readme{width:%dpx}img{max-width:100%%}</style>
                <div class="readme"><p><img id="badge" src="%s/nocount/tag.svg?%s"></p>
                <p><img id="chart" src="%s/nocount/history.svg?%s&days=60"></p>
                <p><img id="never" src="%s/nocount/history.svg?url=github.com%%2Fyou%%2Fnew&days=30"></p></div>
                """;
        Screenshots screenshots = new Screenshots(chrome);
        for (int width : new int[] {830, 400}) {
            for (boolean dark : new boolean[] {false, true}) {
                screenshots.emulate(width + 40, 900, dark);
                // A page of this origin to write the README into (a data: page may not load from localhost).
                chrome.get(base + "/healthz");
                BuilderPage page = new BuilderPage(chrome);
                page.script("document.open(); document.write(arguments[0]); document.close();",
                        html.formatted(width, base, url, base, url, base));
                page.await(() -> "the images to load", b -> (Boolean) page.script(
                        "return [...document.images].every((i) => i.complete && i.naturalWidth > 0)") ? Boolean.TRUE : null);

                long chartWidth = (Long) page.script("return Math.ceil(document.getElementById('chart').getBoundingClientRect().width);");
                assertThat(chartWidth).isLessThanOrEqualTo(width);
                screenshots.save("history-" + width + (dark ? "-dark" : "-light"), width + 40,
                        (Long) page.script("return document.documentElement.scrollHeight;"));
            }
        }
        screenshots.reset();
    }
}
