package tally.analytics;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** Cleans what a pixel request sends into bounded values, or null for anything unusable: never an error. */
final class Values {

    static final int MAX_SITE = 253;
    static final int MAX_PATH = 300;
    static final int MAX_TITLE = 200;
    static final int MAX_REFERRER = 300;
    static final int MAX_SOURCE = 100;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Values() {
    }

    /** A host such as blog.example (lower case, punycode, no port), from a bare host or a URL; null if none. */
    static String host(String text) {
        if (text == null || text.isBlank() || text.length() > 2048) {
            return null;
        }
        String t = text.trim();
        int scheme = t.indexOf("://");
        if (scheme >= 0) {
            t = t.substring(scheme + 3);
        }
        int end = indexOfAny(t, "/?#");
        t = end < 0 ? t : t.substring(0, end);
        t = t.substring(t.lastIndexOf('@') + 1);
        int colon = t.lastIndexOf(':');
        if (colon >= 0 && !t.startsWith("[")) {
            // What follows a host's colon is a port: "javascript:x", "about:blank" or "data:text/html,..." name no host.
            if (!digits(t.substring(colon + 1))) {
                return null;
            }
            t = t.substring(0, colon);
        }
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            t = (ascii(t) ? t : IDN.toASCII(t, IDN.ALLOW_UNASSIGNED)).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (t.isEmpty() || t.length() > MAX_SITE || !hostName(t)) {
            return null;
        }
        return t;
    }

    private static boolean digits(String t) {
        return t.length() <= 5 && t.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Lower-case letters, digits, '_', '.' and '-', starting and ending with neither '.' nor '-'. */
    private static boolean hostName(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean inner = c == '.' || c == '-';
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || inner)
                    || (inner && (i == 0 || i == t.length() - 1))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A page's path: starts with '/', no query, fragment or ';' parameters, at most MAX_PATH characters; null
     * if none.
     */
    static String path(String text) {
        if (text == null) {
            return null;
        }
        String t = printable(text.trim(), 4 * MAX_PATH);
        // Path parameters (;jsessionid=...) often carry a session id: everything from the first ';' goes, as a query does.
        int end = indexOfAny(t, "?#;");
        t = end < 0 ? t : t.substring(0, end);
        if (t.isEmpty()) {
            return null;
        }
        return cut(t.startsWith("/") ? t : "/" + t, MAX_PATH);
    }

    /** The path of a URL, or null. */
    static String pathOf(String url) {
        try {
            String p = URI.create(url.trim()).getRawPath();
            return p == null || p.isEmpty() ? "/" : path(p);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String title(String text) {
        if (text == null) {
            return null;
        }
        String t = printable(text, 4 * MAX_TITLE).strip();
        // Control characters are gone: only runs of spaces are left to fold, and most titles have none.
        t = t.contains("  ") ? SPACES.matcher(t).replaceAll(" ") : t;
        return t.isEmpty() ? null : cut(t, MAX_TITLE);
    }

    /** W,H (or WxH) as "1920x1080", each side 1 to 100,000 pixels; else null. */
    static String resolution(String text) {
        if (text == null || text.length() > 20) {
            return null;
        }
        String t = text.trim();
        int at = indexOfAny(t, ",x×");
        if (at < 0 || indexOfAny(t.substring(at + 1), ",x×") >= 0) {
            return null;
        }
        try {
            int w = Integer.parseInt(t.substring(0, at).trim());
            int h = Integer.parseInt(t.substring(at + 1).trim());
            return w > 0 && h > 0 && w <= 100_000 && h <= 100_000 ? w + "x" + h : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The text without control characters, at most {@code max} characters read. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
