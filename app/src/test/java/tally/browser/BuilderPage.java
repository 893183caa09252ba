package tally.browser;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The builder page as a test sees it: what a visitor types and clicks, and what they can read back. */
final class BuilderPage {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final WebDriver browser;

    BuilderPage(WebDriver browser) {
        this.browser = browser;
    }

    BuilderPage open(String baseUrl) {
        browser.get(baseUrl + "/");
        await(() -> "the page to load", b -> script("return document.readyState === 'complete'"));
        return this;
    }

    BuilderPage typeUrl(String url) {
        WebElement field = browser.findElement(By.id("url"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(url);
        return this;
    }

    BuilderPage chooseStyle(String visibleText) {
        new Select(browser.findElement(By.id("style"))).selectByVisibleText(visibleText);
        return this;
    }

    String previewSrc() {
        return browser.findElement(By.id("preview")).getDomProperty("src");
    }

    /** Waits until the preview shows an image whose address contains the given text, and returns that address. */
    String awaitLoadedPreview(String srcContains) {
        return await(() -> "a loaded preview whose src contains '" + srcContains + "'; src is " + previewSrc(), b -> {
            Object loaded = script("""
                    const img = document.getElementById('preview');
                    return img.complete && img.naturalWidth > 0 && img.src.includes(arguments[0]) ? img.src : null;
                    """, srcContains);
            return (String) loaded;
        });
    }

    String snippet(String name) {
        return browser.findElement(By.id(name)).getText();
    }

    /** Waits for the snippet to contain the given text, so it has caught up with the form. */
    String awaitSnippet(String name, String contains) {
        return await(() -> "the " + name + " snippet to contain '" + contains + "'; it shows " + snippet(name), b -> {
            String text = snippet(name);
            return text.contains(contains) ? text : null;
        });
    }

    /** Types into a text field of the form after clearing it. */
    BuilderPage type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
        return this;
    }

    boolean copyEnabled(String name) {
        return browser.findElement(By.cssSelector("button.copy[data-copy='" + name + "']")).isEnabled();
    }

    /** Pastes a snippet into the page as its author would paste it into theirs: its elements, and its scripts run. */
    void paste(String html) {
        script("""
                const holder = document.createElement('div');
                holder.innerHTML = arguments[0];
                document.body.append(holder);
                holder.querySelectorAll('script').forEach((pasted) => {
                    const running = document.createElement('script');
                    running.textContent = pasted.textContent;
                    pasted.replaceWith(running);
                });
                """, html);
    }

    /** Clicks a Copy button once the server has judged the form (until then it is disabled). */
    void copy(String name) {
        await(() -> "the " + name + " Copy button to be enabled", b -> copyEnabled(name) ? true : null);
        browser.findElement(By.cssSelector("button.copy[data-copy='" + name + "']")).click();
    }

    String selectedText() {
        return (String) script("return window.getSelection().toString();");
    }

    BuilderPage lookUp(String url) {
        WebElement field = browser.findElement(By.id("lookup-url"));
        field.clear();
        field.sendKeys(url, Keys.ENTER);
        return this;
    }

    /** Waits until the look-up's live stream has delivered its first event. */
    void awaitLive() {
        await(() -> "the look-up to stream live", b -> "true".equals(
                browser.findElement(By.id("lookup-result")).getDomAttribute("data-live")) ? Boolean.TRUE : null);
    }

    String awaitLookUpResult(String contains) {
        return awaitText("lookup-result", contains);
    }

    String awaitText(String id, String contains) {
        return await(() -> "#" + id + " to contain '" + contains + "'; it shows "
                + browser.findElement(By.id(id)).getText(), b -> {
            String text = browser.findElement(By.id(id)).getText();
            return text.contains(contains) ? text : null;
        });
    }

    Object script(String source, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(source, args);
    }

    /** Reads until the value equals what is expected or patience runs out, and returns the last value read. */
    String settle(Supplier<String> read, String expected) {
        try {
            await(b -> expected.equals(read.get()) ? expected : null);
        } catch (TimeoutException stillDifferent) {
            // The caller's assertion shows the last value, which says more than a timeout.
        }
        return read.get();
    }

    <T> T await(Function<WebDriver, T> condition) {
        return await(() -> "the page to settle", condition);
    }

    /** Waits for the condition; on timeout the message says what was awaited and what the page showed instead. */
    <T> T await(Supplier<String> awaited, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.withMessage(awaited);
        return wait.until(condition);
    }
}
