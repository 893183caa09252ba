package tally.analytics;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a visitor came from: a well-known source by name, else the referring page as host plus path (no
 * query). A referrer on the same site is no source. {@code utm_source} on the page's URL wins over both.
 */
final class Referrers {

    /** Registrable domains (or the subdomain that is the source, as news.ycombinator.com) and their names. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("bing.com", "Bing"), Map.entry("duckduckgo.com", "DuckDuckGo"),
            Map.entry("github.com", "GitHub"), Map.entry("news.ycombinator.com", "Hacker News"),
            Map.entry("reddit.com", "Reddit"), Map.entry("t.co", "Twitter"), Map.entry("twitter.com", "Twitter"),
            Map.entry("x.com", "Twitter"), Map.entry("facebook.com", "Facebook"),
            Map.entry("linkedin.com", "LinkedIn"), Map.entry("lnkd.in", "LinkedIn"), Map.entry("yandex.ru", "Yandex"),
            Map.entry("baidu.com", "Baidu"), Map.entry("ecosia.org", "Ecosia"), Map.entry("search.brave.com", "Brave Search"),
            Map.entry("lobste.rs", "Lobsters"), Map.entry("stackoverflow.com", "Stack Overflow"),
            Map.entry("youtube.com", "YouTube"), Map.entry("instagram.com", "Instagram"),
            Map.entry("search.yahoo.com", "Yahoo"), Map.entry("kagi.com", "Kagi"), Map.entry("qwant.com", "Qwant"),
            Map.entry("startpage.com", "Startpage"), Map.entry("chatgpt.com", "ChatGPT"), Map.entry("perplexity.ai", "Perplexity"));

    /** google.com, google.de, google.co.uk ...: matched as a whole domain, so notgoogle.com is not one. */
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

    /**
     * The name of the known source whose domain is the host or a parent of it, the most specific first, so
     * cn.bing.com is Bing; a suffix is only ever a whole domain, so notgoogle.com and google.com.evil.example
     * are no one's.
     */
    private static String name(String host) {
        for (String domain = host; domain != null; domain = parent(domain)) {
            String name = NAMES.get(domain);
            if (name != null) {
                return name;
            }
            if (GOOGLE.matcher(domain).matches()) {
                return host.equals("news." + domain) ? "Google News" : "Google";
            }
        }
        return null;
    }

    /** "b.example" for "a.b.example"; null for a single label, which is no known source's domain. */
    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }
}
