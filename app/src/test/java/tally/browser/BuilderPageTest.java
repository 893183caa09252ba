package tally.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** What a visitor does on the builder page, in Chromium, against a real Tally server: preview and look-up. */
class BuilderPageTest {

    @RegisterExtension
    static final LiveTally live = new LiveTally();

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
    void typingAUrlUpdatesThePreviewAndTheImageLoads() {
        page.typeUrl("example.org/typed");

        String src = page.awaitLoadedPreview("url=example.org%2Ftyped");

        assertThat(src).startsWith(server.baseUrl() + "/nocount/tag.svg?");
    }

    @Test
    void choosingAStyleChangesThePreviewSource() {
        String flat = page.awaitLoadedPreview("tag.svg");

        page.chooseStyle("For the badge");
        String forTheBadge = page.awaitLoadedPreview("style=for-the-badge");

        assertThat(forTheBadge).isNotEqualTo(flat);
        assertThat(flat).doesNotContain("style=");
    }

    @Test
    void previewingNeverCounts() {
        page.typeUrl("example.org/only-previewed");
        page.awaitLoadedPreview("only-previewed");
        page.chooseStyle("Plastic");
        page.awaitLoadedPreview("style=plastic");

        assertThat(server.countOf("example.org/only-previewed")).isZero();
    }

    @Test
    void lookUpShowsTheCountOfAUrlCountedBefore() {
        for (int i = 0; i < 3; i++) {
            server.get(server.baseUrl() + "/count?url=https%3A%2F%2Fexample.net%2Fcounted");
        }

        page.lookUp("http://Example.net/counted/");

        assertThat(page.awaitLookUpResult("hits")).isEqualTo("3 hits for example.net/counted");
    }

    @Test
    void lookUpFollowsTheCountLiveAsHitsArrive() {
        server.get(server.baseUrl() + "/count?url=example.net%2Flive");
        page.lookUp("example.net/live");
        assertThat(page.awaitLookUpResult("hit")).isEqualTo("1 hit for example.net/live");
        page.awaitLive();

        server.get(server.baseUrl() + "/count?url=example.net%2Flive");
        server.get(server.baseUrl() + "/count?url=https%3A%2F%2Fexample.net%2Flive%2F");

        assertThat(page.awaitLookUpResult("3 hits")).isEqualTo("3 hits for example.net/live");
    }

    @Test
    void lookUpOfASiteSaysTheCounterMayBePerSite() {
        server.get(server.baseUrl() + "/count?url=https%3A%2F%2Fblog.example%2F");

        page.lookUp("https://blog.example/");

        assertThat(page.awaitLookUpResult("hit")).isEqualTo("1 hit for blog.example");
        assertThat(page.awaitText("lookup-note", "per site")).contains("?url=", "referrerpolicy");
        assertThat(chrome.findElement(By.id("lookup-note")).isDisplayed()).isTrue();
    }

    @Test
    void lookUpOfAPageSaysNothingAboutSites() {
        server.get(server.baseUrl() + "/count?url=blog.example%2Fpost");

        page.lookUp("blog.example/post");

        assertThat(page.awaitLookUpResult("hit")).isEqualTo("1 hit for blog.example/post");
        assertThat(chrome.findElement(By.id("lookup-note")).isDisplayed()).isFalse();
    }

    @Test
    void lookUpOfABadUrlShowsWhatToSendInstead() {
        page.lookUp("ftp://example.net/file");

        assertThat(page.awaitLookUpResult("http")).isEqualTo("only http and https URLs can be counted, not ftp:");
        assertThat(chrome.findElement(By.id("lookup-result")).getAttribute("class")).contains("error");
    }

    @Test
    void unreachableServerShowsAMessageInsteadOfABlankArea(@TempDir Path otherDir) {
        TallyServer doomed = TallyServer.start(otherDir.resolve("db"));
        BuilderPage stranded = new BuilderPage(chrome).open(doomed.baseUrl());
        stranded.awaitLoadedPreview("tag.svg");
        doomed.close();

        stranded.typeUrl("example.org/after-shutdown");
        stranded.lookUp("example.org/after-shutdown");

        assertThat(stranded.awaitText("preview-status", "not answering")).contains("preview could not be loaded");
        assertThat(stranded.awaitLookUpResult("not answering")).startsWith("The Tally server is not answering");
        assertThat(chrome.findElement(By.id("preview")).isDisplayed()).isFalse();
    }
}
