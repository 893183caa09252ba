package tally.count;

import java.util.Locale;

/**
 * Turns a URL into a counter key: scheme, user-info, query and fragment dropped, host lower-cased
 * (UTS #46 to punycode, as browsers do), default ports dropped, dot-segments resolved, percent-encoding
 * normalised and the trailing slash dropped. {@code https://Example.com/a/} and {@code example.com/a#top} are one key.
 */
public final class UrlKeys {

    static final int MAX_KEY = 512;
    static final int MAX_INPUT = 4096;
    static final int MAX_PAGE_ID = 256;

    private UrlKeys() {
    }

    /** The key of a URL; throws {@link InvalidKey} with a message saying what to send instead. */
    public static CounterKey url(String raw) {
        if (raw.length() > MAX_INPUT) {
            throw new InvalidKey("url too long", "url is too long: send at most " + MAX_KEY + " characters");
        }
        String input = raw.strip();
        if (input.isEmpty()) {
            throw new InvalidKey("empty url", "url is empty: send ?url=https://your.site/page");
        }
        rejectControls(input, "url");
        String rest = stripScheme(input);
        int end = indexOfAny(rest, "?#");
        if (end >= 0) {
            rest = rest.substring(0, end);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        String key = host(authority) + UrlPaths.normalise(path);
        if (key.length() > MAX_KEY) {
            throw new InvalidKey("url too long", "url is too long: send at most " + MAX_KEY + " characters");
        }
        return new CounterKey(CounterKey.Kind.URL, key);
    }

    /** The key of an opaque page_id: trimmed, 1 to 256 characters, no control characters. */
    public static CounterKey pageId(String raw) {
        String id = raw.strip();
        if (id.isEmpty() || id.length() > MAX_PAGE_ID) {
            throw new InvalidKey("bad page_id", "page_id must be 1 to " + MAX_PAGE_ID + " characters");
        }
        rejectControls(id, "page_id");
        return new CounterKey(CounterKey.Kind.PAGE, id);
    }

    private static String stripScheme(String input) {
        if (input.startsWith("//")) {
            return input.substring(2);
        }
        int colon = input.indexOf(':');
        if (colon > 0 && isScheme(input, colon) && !isPort(input, colon)) {
            String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidKey("not http(s)", "only http and https URLs can be counted, not " + scheme + ":");
            }
            String rest = input.substring(colon + 1);
            if (!rest.startsWith("//")) {
                throw new InvalidKey("bad url", "url must look like https://host/path");
            }
            return rest.substring(2);
        }
        return input;
    }

    private static boolean isScheme(String s, int colon) {
        if (!Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /** "example.com:8080/x" is a host and port, not a scheme called "example.com". */
    private static boolean isPort(String s, int colon) {
        int i = colon + 1;
        int digits = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        return digits > 0 && (i == s.length() || "/?#".indexOf(s.charAt(i)) >= 0);
    }

    private static String host(String authority) {
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host = hostPort;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidKey("bad host", "url has an unclosed [IPv6 address]");
            }
            String literal = hostPort.substring(1, close).toLowerCase(Locale.ROOT);
            if (!literal.matches("[0-9a-f:.]+")) {
                throw new InvalidKey("bad host", "url has an invalid IPv6 address");
            }
            host = IpHosts.ipv6(literal);
            port = hostPort.substring(close + 1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon);
            }
            host = asciiHost(host);
        }
        return host + port(port);
    }

    private static String asciiHost(String host) {
        if (host.isEmpty()) {
            throw new InvalidKey("bad host", "url has no host: send one such as ?url=example.com/page");
        }
        String h = HostNames.toAscii(host);
        // One trailing dot names the same host (example.com. is example.com), also after UTS #46 has mapped
        // another full stop, such as the ideographic one, to it.
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            throw new InvalidKey("no host", "url has no host: send a URL like https://your.site/page");
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!ok) {
                throw new InvalidKey("bad host", "url has an invalid host name: use letters, digits, '-' and '.'");
            }
        }
        if (h.startsWith(".") || h.contains("..")) {
            throw new InvalidKey("bad host", "url has an invalid host name");
        }
        return IpHosts.endsInANumber(h) ? IpHosts.ipv4(h) : h;
    }

    private static String port(String port) {
        if (port.isEmpty() || port.equals(":")) {
            return "";
        }
        String digits = port.substring(1);
        // ASCII digits only, as browsers read a port: Character.isDigit would take "٨٠٨٠" for 8080.
        if (!port.startsWith(":") || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidKey("bad port", "url has an invalid port: use a number from 1 to 65535");
        }
        int n = Integer.parseInt(digits);
        if (n < 1 || n > 65535) {
            throw new InvalidKey("bad port", "url has an invalid port: use a number from 1 to 65535");
        }
        return n == 80 || n == 443 ? "" : ":" + n;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    static void rejectControls(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new InvalidKey("control chars", what + " must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == '\uFFFD') {
                throw new InvalidKey("bad encoding", what + " is not valid UTF-8: percent-encode it as UTF-8");
            }
        }
    }
}
