package tally.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import tally.count.CounterKey;
import tally.count.InvalidKey;
import tally.count.UrlKeys;

/** Which counter a request names: {@code ?url=}, its alias {@code ?page_id=}, or else the Referer. */
final class RequestKeys {

    /** Where a browser's Referer, under its default policy, holds only the origin of the embedding page. */
    private static final Set<String> OTHER_SITES = Set.of("cross-site", "same-site");
    private static final Set<String> KEYS = Set.of("url", "page_id");

    private RequestKeys() {
    }

    static CounterKey of(Context ctx) {
        refuseUndecodable(ctx.queryString());
        List<String> urls = ctx.queryParams("url");
        List<String> pageIds = ctx.queryParams("page_id");
        if (urls.size() > 1 || pageIds.size() > 1) {
            throw new InvalidKey("repeated url", "send ?url= (or ?page_id=) once, not repeated");
        }
        if (!urls.isEmpty() && !pageIds.isEmpty()) {
            throw new InvalidKey("url and page_id", "send either ?url= or ?page_id=, not both");
        }
        if (!urls.isEmpty()) {
            return UrlKeys.url(urls.get(0));
        }
        if (!pageIds.isEmpty()) {
            return UrlKeys.pageId(pageIds.get(0));
        }
        String referer = ctx.header("Referer");
        if (referer != null && !referer.isBlank()) {
            // Browsers send the Referer percent-encoded; raw bytes above ASCII are not a URL they made.
            if (!referer.chars().allMatch(c -> c < 0x7f)) {
                throw new InvalidKey("bad referer", "the Referer must be a percent-encoded URL; or pass ?url=");
            }
            // A browser sends the page's absolute URL; "null", "foo" or "/page" would each make a counter of their own.
            if (!referer.contains("://")) {
                throw new InvalidKey("bad referer", "the Referer must be an absolute URL such as https://your.site/page;"
                        + " or pass ?url=");
            }
            try {
                return UrlKeys.url(referer);
            } catch (InvalidKey e) {
                // The client sent no url: say which of its headers was refused ("the Referer is too long ...").
                String said = e.getMessage().startsWith("url") ? "the Referer" + e.getMessage().substring(3) : e.getMessage();
                throw new InvalidKey(e.reason(), said + " (or pass ?url=)");
            }
        }
        // The reason is what a red badge shows: an <img> that fails here tells its author what to add.
        throw new InvalidKey("no url (use ?url=)",
                "pass ?url=https://your.site/page or send a Referer header (an https page sends none to an http server)");
    }

    /**
     * Javalin drops a parameter whose percent-encoding it cannot decode (such as {@code url=%zz}), which
     * would make a {@code url} that was sent look absent and fall back to the Referer: refuse it instead.
     */
    private static void refuseUndecodable(String query) {
        String name = undecodable(query, KEYS);
        if (name != null) {
            throw new InvalidKey("bad encoding", name + " has an invalid percent-encoding: use %XX with two hex digits");
        }
    }

    /** The first of these parameters in the query whose value cannot be percent-decoded (Javalin drops it), or null. */
    static String undecodable(String query, Set<String> names) {
        if (query == null || query.indexOf('%') < 0) {
            return null; // nothing to decode: this runs on every hit
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (names.contains(name) && !decodable(pair.substring(eq + 1))) {
                return name;
            }
        }
        return null;
    }

    private static boolean decodable(String value) {
        for (int i = value.indexOf('%'); i >= 0; i = value.indexOf('%', i + 3)) {
            if (i + 2 >= value.length() || !hex(value.charAt(i + 1)) || !hex(value.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * How {@link #of} chose the key, for JSON answers: {@code url}, {@code page_id}, {@code referer}, or
     * {@code referer-origin} when another site's page sent only its origin (path {@code /}, no query), as
     * browsers do by default, so every page of that site shares the counter.
     */
    static String keyFrom(Context ctx, CounterKey key) {
        if (!ctx.queryParams("url").isEmpty()) {
            return "url";
        }
        if (!ctx.queryParams("page_id").isEmpty()) {
            return "page_id";
        }
        String referer = ctx.header("Referer");
        boolean bareOrigin = key.key().indexOf('/') < 0 && referer != null && referer.indexOf('?') < 0;
        String site = ctx.header("Sec-Fetch-Site");
        return bareOrigin && site != null && OTHER_SITES.contains(site.strip()) ? "referer-origin" : "referer";
    }
}
