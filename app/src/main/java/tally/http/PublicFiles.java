package tally.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Whether a path names one of the files Javalin's static handler serves: the jar's /public folder and uPlot's WebJar. */
final class PublicFiles {

    private PublicFiles() {
    }

    /** {@code raw}: the path as the request wrote it; the static handler also serves {@code //tally.js} and {@code /%74ally.js}. */
    static boolean has(String raw) {
        String path;
        try {
            path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .replaceAll("/{2,}", "/");
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (path.equals("/")) {
            return true; // index.html
        }
        if (path.endsWith("/") || path.contains("..") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return false;
        }
        String resource = path.startsWith("/webjars/") ? "META-INF/resources" + path : "public" + path;
        return PublicFiles.class.getClassLoader().getResource(resource) != null;
    }
}
