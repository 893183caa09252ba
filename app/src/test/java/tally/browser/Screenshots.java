package tally.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chromium.HasCdp;

/** Puts the browser at a given width and colour scheme, and saves full-page screenshots under app/target/screenshots. */
final class Screenshots {

    static final Path FOLDER = Path.of("target", "screenshots");

    private final HasCdp browser;

    Screenshots(HasCdp browser) {
        this.browser = browser;
    }

    /** Emulates a screen of the given CSS width, as a phone (touch, narrow viewport) below 600 px. */
    void emulate(int width, int height, boolean dark) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(
                Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    void reset() {
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    Path save(String name, int width, long pageHeight) {
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", pageHeight, "scale", 1)));
        Path file = FOLDER.resolve(name + ".png");
        try {
            Files.createDirectories(FOLDER);
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the screenshot " + file.toAbsolutePath(), e);
        }
        return file;
    }
}
