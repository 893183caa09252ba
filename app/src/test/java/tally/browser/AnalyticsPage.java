package tally.browser;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The analytics dashboard as a test sees it: what an owner types and clicks, and what they can read back. */
final class AnalyticsPage {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final WebDriver browser;
    private final String baseUrl;

    AnalyticsPage(WebDriver browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    /** Opens /analytics with the given query ("" for none) and waits until it shows the sign-in form, the dashboard or a notice. */
    AnalyticsPage open(String query) {
        browser.get(baseUrl + "/analytics" + (query.isEmpty() ? "" : "?" + query));
        await(() -> "the page to show the sign-in form or the dashboard", b -> script(
                "return !document.getElementById('signin').hidden || (!document.getElementById('dashboard').hidden"
                        + " && !document.getElementById('main').hasAttribute('aria-busy'))"
                        + " || !document.getElementById('nosites').hidden || !document.getElementById('status').hidden"));
        return this;
    }

    boolean showsSignIn() {
        return displayed("signin");
    }

    boolean showsDashboard() {
        return displayed("dashboard");
    }

    /** Whether the element is shown; false while the page is being replaced (signing out posts a form). */
    private boolean displayed(String id) {
        try {
            return browser.findElement(By.id(id)).isDisplayed();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return false;
        }
    }

    AnalyticsPage signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("signin-button")).click();
        return this;
    }

    /** Opens the dashboard and signs in if the browser has no session yet. */
    AnalyticsPage openSignedIn(String query, String token) {
        open(query);
        if (showsSignIn()) {
            signIn(token);
            awaitLoaded();
        }
        return this;
    }

    String signInError() {
        return await(() -> "a sign-in error", b -> {
            String text = browser.findElement(By.id("signin-error")).getText();
            return text.isEmpty() ? null : text;
        });
    }

    /** Waits until the dashboard is shown and no report is loading. */
    AnalyticsPage awaitLoaded() {
        await(() -> "the dashboard to finish loading; status: " + text("status"), b -> (Boolean) script(
                "return !document.getElementById('dashboard').hidden && !document.getElementById('main').hasAttribute('aria-busy')"
                        + " && document.querySelector('#chart canvas') !== null") ? Boolean.TRUE : null);
        return this;
    }

    /** Waits until the views total reads as expected, so the page has caught up with a click. */
    String awaitViews(String expected) {
        return await(() -> "views to read " + expected + "; they read " + text("total-views"), b -> {
            String views = text("total-views");
            return views.equals(expected) ? views : null;
        });
    }

    String awaitUrlContaining(String part) {
        return await(() -> "the URL to contain " + part + "; it is " + browser.getCurrentUrl(), b -> {
            String url = browser.getCurrentUrl();
            return url.contains(part) ? url : null;
        });
    }

    void chooseRange(String label) {
        browser.findElement(By.xpath("//div[@id='presets']/button[normalize-space()='" + label + "']")).click();
    }

    String pressedRange() {
        return browser.findElement(By.cssSelector("#presets button[aria-pressed='true']")).getText();
    }

    void chooseSite(String site) {
        new Select(browser.findElement(By.id("site"))).selectByValue(site);
    }

    /** The rows of a top list, each as its visible text on one line ("/post A post 5 63%"). */
    List<String> rows(String list) {
        return browser.findElements(By.cssSelector("#list-" + list + " .row-item")).stream()
                .map(e -> e.getText().replace('\n', ' ')).toList();
    }

    String listText(String list) {
        return browser.findElement(By.id("list-" + list)).getText();
    }

    void clickRow(String list, String value) {
        browser.findElement(By.cssSelector("#list-" + list + " button.row-item[data-value='" + value + "']")).click();
    }

    String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    long chartPoints() {
        return (Long) script("return document.querySelectorAll('#chart canvas').length");
    }

    Object script(String source, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(source, args);
    }

    <T> T await(Supplier<String> awaited, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.withMessage(awaited);
        return wait.until(condition);
    }
}
