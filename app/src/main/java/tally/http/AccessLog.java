package tally.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line per answered request on the logger tally.access (TALLY_ACCESS_LOG): method, path, status and
 * milliseconds. The query string, which carries the counted URLs, only with TALLY_ACCESS_LOG=query. Never the
 * client's address: Tally keeps nothing that identifies a reader, in the log either.
 */
final class AccessLog {

    private static final Logger log = LoggerFactory.getLogger("tally.access");
    /** Jetty already refuses longer request lines; a bound all the same, so no line is unbounded. */
    private static final int MAX_TARGET = 2_048;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean query;

    AccessLog(boolean query) {
        this.query = query;
    }

    void log(Context ctx, int status, float ms) {
        String target = ctx.path();
        String q = query ? ctx.queryString() : null;
        if (q != null) {
            target = target + "?" + q;
        }
        log.info("{} {} {} {}ms", ctx.method(), printable(target), status, Math.round(ms * 10) / 10.0);
    }

    /** The target as one line of visible ASCII: anything else is %-escaped, so no request can forge a line. */
    static String printable(String target) {
        StringBuilder out = null;
        int n = Math.min(target.length(), MAX_TARGET);
        for (int i = 0; i < n; i++) {
            char c = target.charAt(i);
            boolean plain = c > ' ' && c < 0x7f;
            if (!plain && out == null) {
                out = new StringBuilder(n + 16).append(target, 0, i);
            }
            if (out != null) {
                if (plain) {
                    out.append(c);
                } else {
                    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                    }
                }
            }
        }
        String line = out != null ? out.toString() : n < target.length() ? target.substring(0, n) : target;
        return n < target.length() ? line + "..." : line;
    }
}
