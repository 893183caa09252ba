package tally.badge;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the badge gallery into docs/badges/ and rewrites the table in docs/gallery.md.
 * Run from the repository root: java -cp ... tally.badge.GalleryWriter .
 */
final class GalleryWriter {
    private static final String BASE = "https://tally.example.com/count/tag.svg?url=https%3A%2F%2Fgithub.com%2Fyou%2Frepo";
    private static final String LOGO = "data%3Aimage%2Fsvg%2Bxml%3Bbase64%2CPHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxNCAxNCI+PHBhdGggZmlsbD0iI2ZmZiIgZD0iTTcgM0MzLjUgMyAxIDcgMSA3czIuNSA0IDYgNCA2LTQgNi00LTIuNS00LTYtNHptMCA2LjVBMi41IDIuNSAwIDEgMSA3IDQuNWEyLjUgMi41IDAgMCAxIDAgNXoiLz48L3N2Zz4=";
    private static final long TOTAL = 12345;
    private static final long TODAY = 67;
    private static final String START = "<!-- gallery:start -->";
    private static final String END = "<!-- gallery:end -->";

    private record Entry(String file, String what, String query) {
    }

    private static final List<Entry> ENTRIES = List.of(
        new Entry("flat", "default (`flat`)", ""),
        new Entry("flat-square", "`flat-square`", "&style=flat-square"),
        new Entry("plastic", "`plastic`", "&style=plastic"),
        new Entry("for-the-badge", "`for-the-badge`", "&style=for-the-badge"),
        new Entry("social", "`social`", "&style=social"),
        new Entry("label-color", "label and named colour", "&label=visitors&color=blue"),
        new Entry("hex-colors", "hex colours", "&label=profile%20views&color=ff69b4&labelColor=24292e"),
        new Entry("css-color", "CSS colour", "&label=readers&color=hsl%28200%2C60%25%2C40%25%29"),
        new Entry("light-color", "light colour: dark text", "&color=ffd700"),
        new Entry("message-only", "empty label", "&label=&color=orange"),
        new Entry("today", "`view=today`", "&label=today&view=today"),
        new Entry("today-total", "`view=today-total`", "&label=today%20%2F%20total&view=today-total"),
        new Entry("abbreviated", "`abbreviated=true`", "&abbreviated=true"),
        new Entry("base", "`base` (moved from another counter)", "&base=100000"),
        new Entry("logo", "logo", "&label=views&logo=" + LOGO),
        new Entry("ftb-logo", "`for-the-badge` with logo", "&label=views&style=for-the-badge&color=blueviolet&logo=" + LOGO),
        new Entry("visitor-badge", "visitor-badge names", "&left_text=visitors&left_color=green&right_color=red"),
        new Entry("seeyoufarm", "hits.seeyoufarm names", "&title=hits&title_bg=%23555555&count_bg=%2379C83D"),
        new Entry("error", "a bad parameter (HTTP 400)", "&color=notacolour"));

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path dir = Files.createDirectories(root.resolve("docs/badges"));
        BadgeRenderer renderer = new BadgeRenderer();
        StringBuilder table = new StringBuilder("| What | Snippet | Badge |\n|---|---|---|\n");
        for (Entry e : ENTRIES) {
            String url = BASE + e.query();
            String svg;
            try {
                svg = renderer.render(BadgeOptions.parse(parseQuery(url)).badge(TOTAL, TODAY));
            } catch (InvalidBadgeOption invalid) {
                svg = renderer.error("hits", invalid.reason());
            }
            Files.writeString(dir.resolve(e.file() + ".svg"), svg);
            String shown = url.length() > 160 ? url.substring(0, url.indexOf("logo=") + 5) + "data%3Aimage%2Fsvg%2Bxml%3Bbase64%2C..." : url;
            table.append("| ").append(e.what()).append(" | `![hits](").append(shown).append(")` | ![](badges/")
                .append(e.file()).append(".svg) |\n");
        }
        Path gallery = root.resolve("docs/gallery.md");
        String doc = Files.readString(gallery);
        int start = doc.indexOf(START) + START.length();
        int end = doc.indexOf(END);
        Files.writeString(gallery, doc.substring(0, start) + "\n" + table + doc.substring(end));
    }

    private static Map<String, List<String>> parseQuery(String url) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
