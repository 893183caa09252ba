package tally.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/** tally.js in Chromium, on a page of another origin: it sends the page's view, and again on each pushState or popstate. */
class TallyScriptTest {

    private static final String TOKEN = "browser-test-token-0123456789";
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    @TempDir
    Path dir;

    @Test
    void theScriptIsSmallAndSendsEveryPageOfASinglePageSite() throws Exception {
        InstalledChromium.DEBIAN.assumeInstalled(System.getenv());
        try (TallyServer tally = TallyServer.start(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            String script = tally.get(tally.baseUrl() + "/tally.js");
            assertThat(script.getBytes(StandardCharsets.UTF_8).length).isLessThan(2048);
            HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            site.createContext("/", exchange -> {
                byte[] page = ("<!doctype html><title>Home page</title><p>hello</p><script defer src=\""
                        + tally.baseUrl() + "/tally.js\"></script>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            site.start();
            // Automation is hidden (navigator.webdriver) and the User-Agent is a desktop Chrome's: tally.js and
            // the bot rules rightly ignore a headless browser that says what it is.
            ChromeDriver chrome = InstalledChromium.DEBIAN.start(dir.resolve("profile"),
                    "--disable-blink-features=AutomationControlled", "--user-agent=" + UA);
            try {
                chrome.get("http://127.0.0.1:" + site.getAddress().getPort() + "/home?utm_source=newsletter");
                awaitViews(tally, 1);
                chrome.executeScript("document.title = 'Second'; history.pushState({}, '', '/second');");
                awaitViews(tally, 2);
                // Back and forward again: the fourth view's parameters are the second's, and Chromium would reuse an
                // image it already has for the same address instead of asking for it.
                chrome.executeScript("document.title = 'Home page'; history.back();");
                awaitViews(tally, 3);
                chrome.executeScript("history.forward();");
                awaitViews(tally, 4);
            } finally {
                chrome.quit();
                site.stop(0);
            }
            JsonNode r = report(tally);
            Map<String, Long> pages = new HashMap<>();
            r.path("top").path("pages").forEach(p -> pages.put(p.path("value").asText(), p.path("views").asLong()));
            assertThat(pages).containsOnly(Map.entry("/home", 2L), Map.entry("/second", 2L));
            assertThat(r.path("top").path("pages").toString()).contains("Home page");
            assertThat(r.path("top").path("referrers").toString()).contains("newsletter");
            assertThat(r.path("top").path("resolutions")).isNotEmpty();
        }
    }

    private static void awaitViews(TallyServer tally, long views) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (report(tally).path("totals").path("views").asLong() >= views) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tally.js did not send view " + views);
    }

    private static JsonNode report(TallyServer tally) throws Exception {
        String url = tally.baseUrl() + "/api/analytics?site=127.0.0.1&end=" + (System.currentTimeMillis() / 1000 + 86_400);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }
}
