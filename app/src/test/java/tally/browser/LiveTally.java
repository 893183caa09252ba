package tally.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.opentest4j.TestAbortedException;

/** One real Tally server and one headless Chromium shared by a test class, skipped (or on CI failed) without a browser. */
final class LiveTally implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private TestAbortedException noBrowser;
    private Path dir;
    private TallyServer server;
    private ChromeDriver chrome;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        try {
            InstalledChromium.DEBIAN.assumeInstalled(System.getenv());
        } catch (TestAbortedException e) {
            // Skip each test rather than the class, so the report counts them as skipped, with the reason.
            System.getLogger(LiveTally.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
            noBrowser = e;
            return;
        }
        dir = Files.createTempDirectory("tally-browser-");
        server = TallyServer.start(dir.resolve("server"));
        chrome = InstalledChromium.DEBIAN.start(dir.resolve("profile"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (noBrowser != null) {
            throw noBrowser;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (chrome != null) {
                chrome.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    TallyServer server() {
        return server;
    }

    ChromeDriver chrome() {
        return chrome;
    }

    /** Opens the builder page afresh, as a new visitor of the shared server would. */
    BuilderPage openPage() {
        return new BuilderPage(chrome).open(server.baseUrl());
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not delete " + path, e);
                }
            });
        }
    }
}
