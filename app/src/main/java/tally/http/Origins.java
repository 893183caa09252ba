package tally.http;

import tally.count.InvalidKey;
import tally.count.UrlKeys;

/** Which Origin headers are origins a browser could have sent, and so may be echoed with credentials. */
final class Origins {

    private Origins() {
    }

    /**
     * True for a serialized origin as browsers write it: {@code http} or {@code https}, "://", an ASCII
     * host (DNS labels, an IPv4 address or a bracketed IPv6 address) and an optional port, and nothing
     * else: not {@code null}, not {@code *}, not a list, no path, no trailing slash, no other scheme.
     */
    static boolean serialized(String origin) {
        if (origin == null || origin.length() > 300) {
            return false;
        }
        String rest;
        if (origin.startsWith("https://")) {
            rest = origin.substring(8);
        } else if (origin.startsWith("http://")) {
            rest = origin.substring(7);
        } else {
            return false;
        }
        String host = rest;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                return false;
            }
            return port(rest.substring(close + 1)) && Addresses.canonical(rest.substring(0, close + 1)) != null
                    && asBrowsersWriteIt(origin, rest);
        }
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            host = rest.substring(0, colon);
            if (!port(rest.substring(colon))) {
                return false;
            }
        }
        return dnsName(host.endsWith(".") ? host.substring(0, host.length() - 1) : host) && asBrowsersWriteIt(origin, rest);
    }

    /**
     * A browser writes its origin's host as the URL parser left it: lower case, IPv4 as a dotted quad, IPv6
     * compressed, no default port. {@code http://EVIL.COM}, {@code http://a.com:80} or {@code http://0x7f.1} came
     * from no browser. The counters' URL keys are made by the same rules (a trailing dot aside, which keys drop).
     */
    private static boolean asBrowsersWriteIt(String origin, String rest) {
        String key;
        try {
            key = UrlKeys.url(origin).key();
        } catch (InvalidKey e) {
            return false;
        }
        int colon = rest.startsWith("[") ? rest.indexOf(']') + 1 : rest.indexOf(':');
        String host = colon < 0 ? rest : rest.substring(0, colon);
        String port = colon < 0 ? "" : rest.substring(colon);
        return key.equals((host.endsWith(".") ? host.substring(0, host.length() - 1) : host) + port);
    }

    /** Empty, or ":" and 1 to 65535 without leading zeros. */
    private static boolean port(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.length() < 2 || s.length() > 6 || s.charAt(0) != ':' || s.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s.substring(1)) <= 65535;
    }

    /** Dot-separated labels of ASCII letters, digits, hyphens and underscores (which also covers IPv4). */
    private static boolean dnsName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
