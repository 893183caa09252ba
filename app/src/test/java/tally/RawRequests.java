package tally;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random HTTP/1.1 requests as raw bytes, from a seed: mostly well-formed requests to Tally's routes with
 * hostile parameters, headers and cookies, and some that break the protocol itself.
 */
final class RawRequests {

    private static final List<String> METHODS = List.of("GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "POST",
            "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "FOO", "get");
    private static final List<String> PATHS = List.of("/count", "/nocount", "/count/tag.svg", "/nocount/tag.svg",
            "/count.json", "/nocount.json", "/count/shields.json", "/nocount/shields.json", "/count/", "/count/tag.svg/",
            "/counters/visits", "/counters/", "/counters", "/counters/%00", "/counters/a%2Fb", "/counters/" + "n".repeat(300),
            "/live", "/healthz", "/config.json", "/", "/index.html", "/builder.js", "/count//tag.svg", "/%2e%2e/",
            "/count;jsessionid=1", "/count%00", "/.%2e/etc", "/%c0%af", "/count/..%2f..%2fetc", "*");
    /** The routes beside counting: the pixel, the public history, the admin's API and pages, metrics. */
    private static final List<String> OTHER_ROUTES = List.of("/pixel.gif", "/pixel.gif", "/tally.js", "/stats.json",
            "/nocount/history.svg", "/api/sites", "/api/analytics", "/analytics", "/analytics/login", "/analytics/logout",
            "/admin/import", "/admin/counters", "/admin/export", "/metrics", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
    private static final List<String> OTHER_PARAMETERS = List.of("site", "path", "title", "referrer", "resolution",
            "utm_source", "start", "end", "limit", "page", "country", "browser", "format", "days", "q", "sort", "offset",
            "mode", "token", "url");
    private static final List<String> PARAMETERS = List.of("url", "url", "url", "page_id", "label", "left_text",
            "title", "color", "right_color", "count_bg", "labelColor", "left_color", "title_bg", "style", "view",
            "abbreviated", "base", "logo", "logoColor", "cacheSeconds", "x", "", "url[]");
    private static final List<String> PIECES = List.of("http://", "https://", "example.com", "EXAMPLE.com", "xn--",
            "bücher.de", "%", "%zz", "%00", "%0d%0a", "%ff", "%c3%28", "%e2%82", "/", "/..", "/./", "#", "?", "&", "=",
            ":", ":99999", ":0", "@", "user:pw@", "[::1]", "[", "]", "..", "javascript:alert(1)", "data:,x",
            "file:///etc", "-->", "<script>", "\"", "'", "\\", " ", "+", "%20", "ⅷ", "\u202e", "𝔘", "%F0%9D%94%98",
            "9".repeat(30), "-1", "1e9", "NaN", "flat", "for-the-badge", "social", "plastic", "flat-square", "total",
            "today", "today-total", "true", "false", "red", "#fff", "rgb(1,2,3)", "hsl(1,2%,3%)", "ff0", "github",
            "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", "data:image/png;base64,!!!", "a".repeat(600), "%2e%2e",
            "localhost", "127.0.0.1", "0x7f.1", "999.999.999.999", "a..b", ".com", "a.-b.com", "*.com", "_x.com");
    private static final List<String> HOSTS = List.of("localhost", "localhost", "localhost", "localhost", "[::1",
            "a:99999", "", "exa mple.com", "127.0.0.1:0");

    private final Random random;

    RawRequests(long seed) {
        this.random = new Random(seed);
    }

    /**
     * The next request: its bytes, and whether it is a GET or a POST (the methods that can count). Half of
     * them keep to the protocol, with every parameter percent-encoded, so that they reach the routes.
     */
    Request next() {
        boolean lawful = chance(0.5);
        String method = lawful ? pick(METHODS.subList(0, 10)) : pick(METHODS);
        List<String> head = new ArrayList<>();
        head.add(method + " " + target(lawful) + " HTTP/1." + (chance(0.05) ? "0" : "1"));
        if (lawful || chance(0.97)) {
            head.add("Host: " + (lawful ? "localhost" : pick(HOSTS)));
        }
        if (!lawful && chance(0.05)) {
            head.add("Host: other.example");
        }
        optional(head, 0.5, "Referer", value());
        optional(head, 0.4, "Cookie", cookie());
        optional(head, 0.3, "Origin", value());
        optional(head, 0.2, "X-Forwarded-Proto", chance(0.5) ? "https" : value());
        optional(head, 0.2, "X-Forwarded-Host", value());
        optional(head, 0.2, "X-Forwarded-For", value());
        optional(head, 0.2, "Accept", chance(0.5) ? "text/event-stream" : value());
        optional(head, 0.1, "Authorization", (chance(0.7) ? "Bearer " : "") + value());
        optional(head, 0.2, "User-Agent", value());
        optional(head, 0.05, "DNT", value());
        optional(head, 0.05, "Range", "bytes=" + value());
        optional(head, 0.05, "If-Modified-Since", value());
        optional(head, 0.05, "Access-Control-Request-Method", pick(METHODS));
        optional(head, lawful ? 0 : 0.03, "X-Big", "b".repeat(20_000));
        byte[] body = new byte[0];
        if (!lawful && chance(0.3)) {
            body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            head.add(chance(0.8) ? "Content-Length: " + body.length : "Transfer-Encoding: chunked");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((String.join("\r\n", head) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);
        return new Request(bytes.toByteArray(), method.equals("GET"), method.equals("POST"));
    }

    record Request(byte[] bytes, boolean get, boolean post) {
        /** The request line, for messages. */
        String line() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.substring(0, Math.min(text.indexOf('\r'), 300));
        }
    }

    private String target(boolean lawful) {
        if (chance(0.35)) {
            return otherRoute(lawful);
        }
        String path = pick(lawful ? PATHS.subList(0, 11) : PATHS);
        if (!lawful && chance(0.05)) {
            return path + "\u0001\u007f"; // raw control characters in the request line
        }
        List<String> parameters = new ArrayList<>();
        if (lawful) {
            String page = chance(0.7) ? String.valueOf(random.nextInt(20)) : value();
            parameters.add((chance(0.8) ? "url=" : "page_id=") + URLEncoder.encode("https://example.com/" + page, StandardCharsets.UTF_8));
            if (chance(0.3)) {
                parameters.add(pick(PARAMETERS) + "=" + URLEncoder.encode(value(), StandardCharsets.UTF_8));
            }
        }
        for (int n = lawful ? 0 : random.nextInt(5); n > 0; n--) {
            parameters.add(encoded(pick(PARAMETERS)) + (chance(0.9) ? "=" + encoded(value()) : ""));
        }
        return parameters.isEmpty() && chance(0.9) ? path : path + "?" + String.join("&", parameters);
    }

    /** A request to a route beside counting, with its own parameters, hostile values, and no valid token. */
    private String otherRoute(boolean lawful) {
        String path = pick(OTHER_ROUTES);
        List<String> parameters = new ArrayList<>();
        for (int n = random.nextInt(5); n > 0; n--) {
            String name = pick(chance(0.8) ? OTHER_PARAMETERS : PARAMETERS);
            String v = chance(0.3) ? String.valueOf(random.nextInt(2_000_000_000)) : value();
            parameters.add(lawful ? name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8) : encoded(name) + "=" + encoded(v));
        }
        return parameters.isEmpty() ? path : path + "?" + String.join("&", parameters);
    }

    /** Up to five pieces: a URL, a colour, a number or plain junk, often broken. */
    private String value() {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            s.append(pick(PIECES));
        }
        return s.toString();
    }

    /** Spaces and the like left raw half the time, which breaks the request line. */
    private String encoded(String s) {
        return chance(0.5) ? s : s.replace(" ", "%20").replace("#", "%23").replace("&", "%26");
    }

    /** A junk cookie: never 22 base64url characters, which would be a returning browser's token. */
    private String cookie() {
        String value = switch (random.nextInt(4)) {
            case 0 -> "tally_id=";
            case 1 -> "tally_id=" + value();
            case 2 -> "a=b; tally_id=x; tally_id=y";
            default -> value();
        };
        return value.matches("(?s).*tally_id=\"?[A-Za-z0-9_-]{22}\"?(;.*)?") ? value + "~" : value;
    }

    private void optional(List<String> head, double p, String name, String value) {
        if (chance(p)) {
            head.add(name + ": " + value);
        }
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
