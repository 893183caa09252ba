package tally.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/** The builder page's look and reach: phone and desktop widths, dark mode, labels, keyboard, no other hosts. */
class BuilderLayoutTest {

    @RegisterExtension
    static final LiveTally live = new LiveTally();

    ChromeDriver chrome;
    BuilderPage page;
    Screenshots screenshots;

    @BeforeEach
    void openPage() {
        chrome = live.chrome();
        page = live.openPage();
        screenshots = new Screenshots(chrome);
    }

    @AfterEach
    void resetScreen() {
        screenshots.reset();
    }

    @Test
    void pageFitsAPhoneWithoutSidewaysScrolling() {
        for (boolean dark : new boolean[] {false, true}) {
            screenshots.emulate(375, 812, dark);
            page.awaitLoadedPreview("tag.svg");
            page.lookUp("github.com/you/your-project").awaitLookUpResult("hits for");

            long scrollWidth = (Long) page.script("return document.documentElement.scrollWidth;");
            assertThat(scrollWidth).as("page width at 375 px").isLessThanOrEqualTo(375);
            // The preview is sticky on a phone: from the top, it is drawn where it sits, above the form.
            page.script("window.scrollTo(0, 0);");
            screenshots.save(dark ? "phone-dark" : "phone-light", 375, pageHeight());
        }
    }

    @Test
    void onAPhoneThePreviewSitsAboveTheFormAndStaysInSight() {
        screenshots.emulate(375, 812, false);
        page.awaitLoadedPreview("tag.svg");

        boolean above = (Boolean) page.script("""
                const form = document.getElementById('options').getBoundingClientRect();
                const preview = document.getElementById('preview').getBoundingClientRect();
                return preview.bottom <= form.top;
                """);
        page.script("document.getElementById('abbreviated').scrollIntoView({block: 'center'});");
        boolean inSight = page.await(b -> (Boolean) page.script("""
                const preview = document.getElementById('preview').getBoundingClientRect();
                return preview.top >= 0 && preview.bottom <= window.innerHeight ? true : null;
                """));

        assertThat(above).as("preview above the form at 375 px").isTrue();
        assertThat(inSight).as("preview in sight while the form's last field is").isTrue();
    }

    @Test
    void onAPhoneAControlReachedBackwardsIsNotHiddenUnderThePreview() {
        screenshots.emulate(375, 812, false);
        page.awaitLoadedPreview("tag.svg");
        page.script("document.getElementById('lookup-url').focus();");
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            chrome.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
            // scrolling into view may still be under way: read until the element settles below the preview
            String where = page.settle(() -> (String) page.script("""
                    const el = document.activeElement;
                    const box = el.getBoundingClientRect();
                    const preview = document.querySelector('.preview').getBoundingClientRect();
                    const ok = el === document.body || box.height === 0 || box.top >= preview.bottom - 1;
                    return ok ? 'ok' : (el.id || el.dataset.copy || el.tagName);
                    """), "ok");
            if (!where.equals("ok")) {
                hidden.add(where);
            }
        }
        assertThat(hidden).as("controls focused under the sticky preview").isEmpty();
    }

    @Test
    void desktopShowsFormAndPreviewSideBySide() {
        for (boolean dark : new boolean[] {false, true}) {
            screenshots.emulate(1280, 900, dark);
            page.awaitLoadedPreview("tag.svg");
            page.lookUp("github.com/you/your-project").awaitLookUpResult("hits for");

            boolean sideBySide = (Boolean) page.script("""
                    const form = document.getElementById('options').getBoundingClientRect();
                    const preview = document.getElementById('preview').getBoundingClientRect();
                    return preview.left >= form.right && preview.top < form.bottom;
                    """);
            assertThat(sideBySide).as("preview to the right of the form").isTrue();
            screenshots.save(dark ? "desktop-dark" : "desktop-light", 1280, pageHeight());
        }
    }

    @Test
    void darkSchemeChangesTheBackground() {
        screenshots.emulate(1280, 900, false);
        String light = (String) page.script("return getComputedStyle(document.body).backgroundColor;");
        screenshots.emulate(1280, 900, true);
        String dark = (String) page.script("return getComputedStyle(document.body).backgroundColor;");

        assertThat(dark).isNotEqualTo(light);
    }

    @Test
    void everyControlHasALabel() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) page.script("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                    .filter((c) => c.labels === null || c.labels.length === 0)
                    .filter((c) => !(c.tagName === 'BUTTON' && c.textContent.trim() !== ''))
                    .filter((c) => !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
                    .map((c) => c.outerHTML);
                """);

        assertThat(unlabelled).isEmpty();
    }

    @Test
    void tabReachesEveryFieldAndButtonWithAVisibleFocusRing() {
        List<String> reached = new ArrayList<>();
        page.script("document.activeElement.blur();");
        for (int i = 0; i < 30; i++) {
            chrome.switchTo().activeElement().sendKeys(Keys.TAB);
            String focused = (String) page.script("""
                    const el = document.activeElement;
                    const ring = getComputedStyle(el).outlineStyle !== 'none' && el.matches(':focus-visible');
                    const name = el.id || (el.dataset.copy ? 'copy ' + el.dataset.copy : el.textContent.trim());
                    return (el === document.body ? 'BODY' : name) + (ring ? '' : ' (no focus ring)');
                    """);
            if (!focused.startsWith("BODY")) {
                reached.add(focused);
            }
        }

        assertThat(reached).containsSubsequence("url", "label", "style", "color", "labelColor", "view", "abbreviated",
                "copy markdown", "markdown", "copy html", "copy fetch", "copy live", "copy shields", "lookup-url", "Look up");
        assertThat(reached).filteredOn(id -> id.endsWith("(no focus ring)")).isEmpty();
    }

    @Test
    void pageLoadsNothingFromOtherHosts() {
        page.awaitLoadedPreview("tag.svg");

        @SuppressWarnings("unchecked")
        List<String> foreign = (List<String>) page.script("""
                return performance.getEntriesByType('resource')
                    .map((entry) => entry.name)
                    .filter((name) => new URL(name).origin !== location.origin);
                """);
        @SuppressWarnings("unchecked")
        List<String> all = (List<String>) page.script(
                "return performance.getEntriesByType('resource').map((entry) => entry.name);");

        assertThat(all).anyMatch(name -> name.endsWith("/builder.css")).anyMatch(name -> name.contains("tag.svg"));
        assertThat(foreign).isEmpty();
    }

    private long pageHeight() {
        return (Long) page.script("return document.documentElement.scrollHeight;");
    }
}
