package tally.admin;

import tally.count.CounterKey;
import tally.count.UrlKeys;
import tally.live.Names;

/**
 * Counter keys as the admin API and import files write them: a URL (normalised as /count does, with
 * {@code https://} when it begins as the others do), {@code page_id:ID} for a page id, {@code name:NAME} for a named live counter.
 */
public final class AdminKeys {

    static final String PAGE_ID = "page_id:";
    static final String NAME = "name:";

    private AdminKeys() {
    }

    /** The counter a text names; throws InvalidKey saying what to send instead. */
    public static CounterKey of(String text) {
        String t = text.strip();
        if (t.regionMatches(true, 0, PAGE_ID, 0, PAGE_ID.length())) {
            return UrlKeys.pageId(t.substring(PAGE_ID.length()));
        }
        if (t.regionMatches(true, 0, NAME, 0, NAME.length())) {
            return Names.named(t.substring(NAME.length()));
        }
        return UrlKeys.url(t);
    }

    /** The text that {@link #of} turns back into this key. */
    public static String text(CounterKey key) {
        return switch (key.kind()) {
            // A URL on a host called name or page_id with a port (name:8080/blog) would read back as a named
            // counter or page id; a scheme keeps it a URL, and normalisation drops it again.
            case URL -> prefixed(key.key()) ? "https://" + key.key() : key.key();
            case PAGE -> PAGE_ID + key.key();
            case NAMED -> NAME + key.key();
        };
    }

    private static boolean prefixed(String t) {
        return t.regionMatches(true, 0, PAGE_ID, 0, PAGE_ID.length()) || t.regionMatches(true, 0, NAME, 0, NAME.length());
    }
}
