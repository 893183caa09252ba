package tally.http;

import io.javalin.http.Context;
import java.util.List;
import tally.count.CounterKey;
import tally.count.InvalidKey;
import tally.count.UrlKeys;

/** Which counter a request names: {@code ?url=}, its alias {@code ?page_id=}, or else the Referer. */
final class RequestKeys {

    private RequestKeys() {
    }

    static CounterKey of(Context ctx) {
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
            return UrlKeys.url(referer);
        }
        throw new InvalidKey("no url", "pass ?url=https://your.site/page or send a Referer header");
    }
}
