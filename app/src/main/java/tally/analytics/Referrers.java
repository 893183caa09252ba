package tally.analytics;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a visitor came from: a well-known source by name, else the referring page as host plus path (no
 * query). A referrer on the same site is no source. {@code utm_source} on the page's URL wins over both.
 */
final class Referrers {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("google", "Google"), Map.entry("bing.com", "Bing"), Map.entry("duckduckgo.com", "DuckDuckGo"),
            Map.entry("github.com", "GitHub"), Map.entry("news.ycombinator.com", "Hacker News"),
            Map.entry("reddit.com", "Reddit"), Map.entry("old.reddit.com", "Reddit"), Map.entry("out.reddit.com", "Reddit"),
            Map.entry("t.co", "Twitter"), Map.entry("twitter.com", "Twitter"), Map.entry("x.com", "Twitter"),
            Map.entry("facebook.com", "Facebook"), Map.entry("m.facebook.com", "Facebook"), Map.entry("l.facebook.com", "Facebook"),
            Map.entry("linkedin.com", "LinkedIn"), Map.entry("lnkd.in", "LinkedIn"), Map.entry("yandex.ru", "Yandex"),
            Map.entry("baidu.com", "Baidu"), Map.entry("ecosia.org", "Ecosia"), Map.entry("search.brave.com", "Brave Search"),
            Map.entry("lobste.rs", "Lobsters"), Map.entry("stackoverflow.com", "Stack Overflow"),
            Map.entry("youtube.com", "YouTube"), Map.entry("m.youtube.com", "YouTube"), Map.entry("instagram.com", "Instagram"),
            Map.entry("l.instagram.com", "Instagram"), Map.entry("news.google.com", "Google News"),
            Map.entry("search.yahoo.com", "Yahoo"), Map.entry("kagi.com", "Kagi"), Map.entry("qwant.com", "Qwant"),
            Map.entry("startpage.com", "Startpage"), Map.entry("chatgpt.com", "ChatGPT"), Map.entry("perplexity.ai", "Perplexity"));

    private static final Pattern GOOGLE = Pattern.compile("google\\.[a-z]{2,3}(\\.[a-z]{2})?");

    private Referrers() {
    }

    /** The source of a view of {@code site}, or null for none (direct, or from the site itself). */
    static String source(String site, String referrer, String utmSource) {
        if (utmSource != null) {
            String s = Values.printable(utmSource.trim(), 4 * Values.MAX_SOURCE);
            if (!s.isEmpty()) {
                return Values.cut(s, Values.MAX_SOURCE);
            }
        }
        String host = Values.host(referrer);
        if (host == null || host.equals(site) || host.equals("www." + site) || ("www." + host).equals(site)) {
            return null;
        }
        String name = name(host);
        if (name != null) {
            return name;
        }
        String path = Values.pathOf(referrer);
        return Values.cut(host + (path == null || path.equals("/") ? "" : path), Values.MAX_REFERRER);
    }

    private static String name(String host) {
        String h = host.startsWith("www.") ? host.substring(4) : host;
        String name = NAMES.get(h);
        if (name != null) {
            return name;
        }
        // google.com, google.de, google.co.uk ...
        if (GOOGLE.matcher(h).matches()) {
            return NAMES.get(h.equals("news.google.com") ? h : "google");
        }
        return null;
    }
}
