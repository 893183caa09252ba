package tally.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The builder page's snippets, in Chromium: what they contain, that they work against a real server, and copying them. */
class SnippetsTest {

    @RegisterExtension
    static final LiveTally live = new LiveTally();

    private static final List<String> SNIPPETS = List.of("markdown", "html", "fetch", "live", "shields");

    TallyServer server;
    ChromeDriver chrome;
    BuilderPage page;

    @BeforeEach
    void openPage() {
        server = live.server();
        chrome = live.chrome();
        page = live.openPage();
    }

    @Test
    void markdownSnippetContainsTheUrlEncodedExactlyOnce() {
        page.typeUrl("https://example.com/a b?x=1&y=%41#top");

        String markdown = page.awaitSnippet("markdown", "%23top");

        assertThat(markdown).isEqualTo("![hits](" + server.baseUrl()
                + "/count/tag.svg?url=https%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1%26y%3D%2541%23top)");
    }

    @Test
    void markdownSnippetCountsTheUrlThatWasTyped() {
        page.typeUrl("https://example.com/snippet-check");
        String markdown = page.awaitSnippet("markdown", "snippet-check");
        String badge = markdown.substring(markdown.indexOf("](") + 2, markdown.length() - 1);

        server.get(badge);

        assertThat(server.countOf("example.com/snippet-check")).isEqualTo(1);
    }

    @Test
    void markdownSnippetSurvivesParenthesesInTheUrlAndTheLabel() {
        page.typeUrl("https://en.wikipedia.org/wiki/A_(b)c)");
        chrome.findElement(By.id("label")).sendKeys("hits :)");
        String markdown = page.awaitSnippet("markdown", "label=");

        // Markdown ends a link's address at its first unmatched ')': the only one left must be the snippet's last.
        String address = markdown.substring(markdown.indexOf("](") + 2);
        assertThat(address.indexOf(')')).isEqualTo(address.length() - 1);
        assertThat(markdown).startsWith("![hits :)](").endsWith("&label=hits%20%3A%29)");

        server.get(address.substring(0, address.length() - 1));
        assertThat(server.countOf("en.wikipedia.org/wiki/A_(b)c)")).isEqualTo(1);
    }

    @Test
    void markdownSnippetKeepsTheLabelsMarkupCharactersAsText() {
        page.typeUrl("https://example.com/alt");
        chrome.findElement(By.id("label")).sendKeys("*hi* _x_ `c` & <b>!");

        String markdown = page.awaitSnippet("markdown", "label=");

        assertThat(markdown).startsWith("![\\*hi\\* \\_x\\_ \\`c\\` \\& \\<b\\>\\!](");
    }

    @Test
    void badgeOptionsReachThePreviewAndTheSnippets() {
        page.typeUrl("example.org/options");
        chrome.findElement(By.id("label")).sendKeys("my visits");
        chrome.findElement(By.id("color")).sendKeys("#e05d44");
        chrome.findElement(By.id("abbreviated")).click();

        String src = page.awaitLoadedPreview("color=e05d44");
        String html = page.awaitSnippet("html", "color=e05d44");

        assertThat(src).contains("label=my%20visits", "abbreviated=true");
        assertThat(html).contains("label=my%20visits&amp;color=e05d44", "alt=\"my visits\"");
    }

    @Test
    void dontCountModePointsTheSnippetsAtNocount() {
        chrome.findElement(By.cssSelector("input[name='mode'][value='nocount']")).click();

        assertThat(page.awaitSnippet("markdown", "/nocount/tag.svg?")).doesNotContain("/count/");
        assertThat(page.awaitSnippet("fetch", "/nocount?url=")).contains("credentials: 'include'");
    }

    @Test
    void shieldsSnippetCarriesOurEndpointAsOneEncodedParameter() {
        page.typeUrl("example.org/shields");
        String shields = page.awaitSnippet("shields", "shields");
        String prefix = "https://img.shields.io/endpoint?url=";
        String endpoint = server.baseUrl() + "/count/shields.json?url=example.org%2Fshields";

        assertThat(shields).isEqualTo(prefix + URLEncoder.encode(endpoint, StandardCharsets.UTF_8));
        assertThat(server.get(endpoint)).contains("\"schemaVersion\":1", "\"message\":\"1\"");
    }

    @Test
    void fetchSnippetCountsOnceAndNotAgainOnRefresh() {
        page.typeUrl("example.org/fetched");
        String snippet = page.awaitSnippet("fetch", "fetched");

        page.paste(snippet);
        page.awaitText("hits", "1");
        page.script("document.getElementById('hits').remove();");
        page.paste(snippet);

        assertThat(page.awaitText("hits", "1")).isEqualTo("1");
        assertThat(server.countOf("example.org/fetched")).isEqualTo(1);
    }

    @Test
    void fetchSnippetBringsTheElementItWritesInto() {
        page.typeUrl("example.org/self-contained");

        String snippet = page.awaitSnippet("fetch", "self-contained");

        assertThat(snippet).startsWith("<span id=\"hits\"></span>\n<script>\n").endsWith("</script>")
                .contains("getElementById('hits')");
    }

    @Test
    void liveSnippetShowsTheCountAndFollowsItAsHitsArrive() {
        page.typeUrl("example.org/live-snippet");
        String snippet = page.awaitSnippet("live", "live-snippet");
        assertThat(snippet).startsWith("<span id=\"hits-live\"></span>\n<script>\n")
                .contains("new EventSource('" + server.baseUrl() + "/live?url=example.org%2Flive-snippet')");

        page.paste(snippet);
        page.awaitText("hits-live", "1");
        server.get(server.baseUrl() + "/count?url=example.org%2Flive-snippet");

        assertThat(page.awaitText("hits-live", "2")).isEqualTo("2");
        page.script("document.getElementById('hits-live').remove();");
    }

    @Test
    void liveSnippetOnlyWatchesInDontCountMode() {
        chrome.findElement(By.cssSelector("input[name='mode'][value='nocount']")).click();
        page.typeUrl("example.org/watched");

        String snippet = page.awaitSnippet("live", "watched");

        assertThat(snippet).contains("/live?url=example.org%2Fwatched").doesNotContain("/count");
    }

    @Test
    void htmlSnippetKeepsThePageInTheReferer() {
        page.typeUrl("example.org/referrer");

        assertThat(page.awaitSnippet("html", "referrer"))
                .endsWith(" referrerpolicy=\"no-referrer-when-downgrade\">");
    }

    @Test
    void aRefusedUrlReplacesEverySnippetWithTheMessageAndDisablesCopy() {
        page.typeUrl("ftp://example.org/file");

        String message = "only http and https URLs can be counted, not ftp:";
        page.awaitSnippet("markdown", message);
        for (String name : SNIPPETS) {
            assertThat(page.snippet(name)).as(name).isEqualTo(message);
            assertThat(page.copyEnabled(name)).as("copy " + name).isFalse();
        }

        page.typeUrl("example.org/fixed");
        page.awaitSnippet("markdown", "fixed");
        for (String name : SNIPPETS) {
            assertThat(page.settle(() -> String.valueOf(page.copyEnabled(name)), "true")).as("copy " + name).isEqualTo("true");
        }
    }

    @Test
    void aChangeCannotBeCopiedUntilTheServerHasJudgedIt() {
        page.typeUrl("example.org/judged");
        page.awaitSnippet("markdown", "judged");
        assertThat(page.settle(() -> String.valueOf(page.copyEnabled("markdown")), "true")).isEqualTo("true");

        // what typing shows at once, before the check the server makes of it 250 ms later
        page.script("const url = document.getElementById('url'); url.value = 'ftp://example.org/x';"
                + " url.dispatchEvent(new Event('input', {bubbles: true}));");
        assertThat(page.copyEnabled("markdown")).as("copy while the server has not judged ftp:").isFalse();
        page.awaitSnippet("markdown", "only http and https");
        assertThat(page.copyEnabled("markdown")).isFalse();
    }

    @Test
    void theAnalyticsSnippetLoadsTallyJsFromThisServerWithTheNoscriptPixel() {
        String snippet = page.awaitSnippet("analytics", server.baseUrl());

        assertThat(snippet).isEqualTo("<script defer src=\"" + server.baseUrl() + "/tally.js\"></script>\n"
                + "<noscript><img src=\"" + server.baseUrl() + "/pixel.gif?path=/this/page&title=This%20page\" alt=\"\"></noscript>");
    }

    @Test
    void theAnalyticsSnippetStaysCopyableWhileTheBadgeAddressIsRefused() {
        page.typeUrl("ftp://example.org/file");
        page.awaitSnippet("markdown", "only http and https URLs can be counted");

        assertThat(page.snippet("analytics")).contains("/tally.js");
        assertThat(page.copyEnabled("analytics")).isTrue();
    }

    @Test
    void aBadColourReplacesTheSnippetsUntilItIsFixed() {
        page.typeUrl("example.org/colour");
        page.awaitSnippet("html", "colour");
        page.type("color", "notacolour");

        assertThat(page.awaitSnippet("html", "color must be")).startsWith("color must be a colour name");
        assertThat(page.copyEnabled("html")).isFalse();
        assertThat(page.awaitText("preview-status", "color must be")).isNotEmpty();

        page.type("color", "orange");
        assertThat(page.awaitSnippet("html", "color=orange")).startsWith("<img src=");
        assertThat(page.copyEnabled("html")).isTrue();
    }

    @Test
    void theCopiedMessageGoesWhenTheSnippetsChange() {
        page.script("Object.defineProperty(navigator, 'clipboard', { value: undefined });");
        page.awaitSnippet("markdown", "![hits](");
        page.copy("markdown");
        page.awaitText("copy-status", "Markdown snippet");

        page.typeUrl("example.org/changed");
        page.awaitSnippet("markdown", "changed");

        assertThat(page.settle(() -> chrome.findElement(By.id("copy-status")).getText(), "")).isEmpty();
    }

    @Test
    void colourPlaceholderNamesTheDefaultGreen() {
        String placeholder = chrome.findElement(By.id("color")).getDomAttribute("placeholder");

        assertThat(placeholder).contains("green").contains("4c1").doesNotContain("blue");
    }

    @Test
    void snippetsUseThePublicOriginWhenBehindATrustedProxy(@TempDir Path otherDir) {
        try (TallyServer proxied = TallyServer.start(otherDir.resolve("db"), c -> c.withTrustProxy(true))) {
            chrome.executeCdpCommand("Network.enable", Map.of());
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of(
                    "X-Forwarded-Host", "tally.example.org", "X-Forwarded-Proto", "https")));
            BuilderPage behindProxy = new BuilderPage(chrome).open(proxied.baseUrl());

            assertThat(behindProxy.awaitSnippet("markdown", "tally.example.org"))
                    .startsWith("![hits](https://tally.example.org/count/tag.svg?url=");
            assertThat(behindProxy.snippet("fetch")).contains("fetch('https://tally.example.org/count?url=");
            assertThat(behindProxy.snippet("live")).contains("new EventSource('https://tally.example.org/live?url=");
        } finally {
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
            chrome.executeCdpCommand("Network.disable", Map.of());
        }
    }

    @Test
    void copyButtonPutsTheSnippetOnTheClipboard() {
        chrome.executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", server.baseUrl(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        clipboardWrite("nothing copied yet");
        String markdown = page.awaitSnippet("markdown", "![hits](");

        page.copy("markdown");

        assertThat(page.settle(this::clipboardRead, markdown)).isEqualTo(markdown);
    }

    @Test
    void copyFallsBackToSelectingTheSnippetWhenTheClipboardIsUnavailable() {
        page.script("Object.defineProperty(navigator, 'clipboard', { value: undefined });");
        String html = page.awaitSnippet("html", "<img src=");

        page.copy("html");

        assertThat(page.settle(page::selectedText, html)).isEqualTo(html);
        assertThat(page.awaitText("copy-status", "HTML snippet")).isNotEmpty();
    }

    private void clipboardWrite(String text) {
        Object result = chrome.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.writeText(arguments[0]).then(() => done('ok'), (e) => done(String(e)));",
                text);
        assertThat(result).isEqualTo("ok");
    }

    private String clipboardRead() {
        return (String) chrome.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.readText().then(done, (e) => done('clipboard error: ' + e));");
    }
}
