package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The history chart: well-formed and escaped like the badges, labelled with today's and the total count. */
class HistoryChartTest {
    private static final BadgeRenderer RENDERER = new BadgeRenderer();
    private static final LocalDate NOV_1 = LocalDate.parse("2026-11-01");
    private static final HistoryOptions DEFAULTS = HistoryOptions.parse(Map.of());

    @Test
    void labelsTodaysAndTheTotalCountAndTheLastDay() throws Exception {
        long[] hits = LongStream.range(0, 30).map(i -> i % 7 == 0 ? 0 : 10 + i).toArray();
        String svg = RENDERER.history(options(30, "hits", null), NOV_1, hits, 12_345);

        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getAttribute("aria-label"))
            .isEqualTo("hits: 12,345 in total, 39 today (last 30 days)");
        assertThat(doc.getDocumentElement().getAttribute("width")).isEqualTo("600");
        assertThat(svg).contains(">39</tspan> today").contains(">12,345</tspan> total").contains(">Nov 30</text>");
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(30 - 5);
    }

    @Test
    void barsAreDrawnInTheBadgeColourAndTheTallestReachesTheTopTick() {
        String svg = RENDERER.history(options(3, "hits", "blue"), NOV_1, new long[] {1, 7, 2}, 10);

        assertThat(svg).contains("<g fill=\"#007ec6\">").contains(">8</text>").contains(">0</text>");
    }

    @Test
    void aCounterNeverHitSaysNoHitsYet() throws Exception {
        String svg = RENDERER.history(DEFAULTS, NOV_1, new long[60], 0);

        assertThat(svg).contains(">no hits yet</text>").doesNotContain("<rect");
        assertThat(parse(svg).getDocumentElement().getAttribute("aria-label"))
            .isEqualTo("hits: 0 in total, 0 today (last 60 days)");
    }

    @Test
    void aCounterWithOlderHitsOnlySaysNoneInTheSpan() {
        String svg = RENDERER.history(options(7, "hits", null), NOV_1, new long[7], 42);

        assertThat(svg).contains(">no hits in the last 7 days</text>").contains(">42</tspan> total");
    }

    @Test
    void followsTheColourSchemeOnATransparentBackground() {
        String svg = RENDERER.history(DEFAULTS, NOV_1, new long[] {5}, 5);

        assertThat(svg).contains("@media (prefers-color-scheme:dark)").doesNotContain("<rect width=\"600\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "a & b \"q\" 'x'", "nul\u0000bell\u0007", "lone \uD800",
        "]]>", "emoji 🎉👍🏽 שלום", "tab\tline\nbreak"})
    void awkwardLabelsGiveWellFormedEscapedSvg(String label) throws Exception {
        String svg = RENDERER.history(options(5, label, null), NOV_1, new long[] {1, 2, 3, 4, 5}, 15);

        Element root = parse(svg).getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(svg).doesNotContain("<script").doesNotContain("\u0000");
    }

    @Test
    void aLongLabelIsCutBeforeItReachesTheCounts() throws Exception {
        String svg = RENDERER.history(options(60, "x".repeat(256), null), NOV_1, new long[60], 3);

        String title = parse(svg).getElementsByTagName("title").item(0).getTextContent();
        assertThat(title).startsWith("xxxx").contains("\u2026: 3 in total");
        assertThat(title.length()).isLessThan(120);
    }

    @Test
    void aYearOfDaysLabelsFewEnoughDatesToBeRead() {
        long[] hits = LongStream.range(0, 366).map(i -> (i * 37) % 101).toArray();
        String svg = RENDERER.history(options(366, "hits", null), LocalDate.parse("2025-12-01"), hits, 20_000);

        long dateLabels = svg.lines().count() == 0 ? 0 : svg.split("text-anchor=\"middle\">[A-Z][a-z]{2} \\d", -1).length - 1;
        assertThat(dateLabels).isBetween(4L, 8L);
        assertThat(svg).contains(">Dec 1</text>");
    }

    @Test
    void daysMustBeAWholeNumberFrom1To366() {
        assertThat(HistoryOptions.parse(Map.of()).days()).isEqualTo(60);
        assertThat(HistoryOptions.parse(Map.of("days", List.of("366"))).days()).isEqualTo(366);
        assertThat(HistoryOptions.parse(Map.of("days", List.of("1"))).days()).isEqualTo(1);
        for (String bad : List.of("0", "367", "-1", "1.5", "abc", "1e2", "99999999999999999999", "٣", "５")) {
            assertThatThrownBy(() -> HistoryOptions.parse(Map.of("days", List.of(bad))))
                .isInstanceOf(InvalidBadgeOption.class).hasMessage("days must be a whole number from 1 to 366, in ASCII digits 0-9");
        }
        assertThatThrownBy(() -> HistoryOptions.parse(Map.of("days", List.of("7", "8"))))
            .isInstanceOf(InvalidBadgeOption.class).hasMessageContaining("send it once");
    }

    @Test
    void roundStepsDivideTheAxisInAtMostFourParts() {
        assertThat(HistoryChart.step(1)).isEqualTo(1);
        assertThat(HistoryChart.step(7)).isEqualTo(2);
        assertThat(HistoryChart.step(40)).isEqualTo(10);
        assertThat(HistoryChart.step(41)).isEqualTo(20);
        assertThat(HistoryChart.step(12_345)).isEqualTo(5_000);
        assertThat(HistoryChart.step(Long.MAX_VALUE)).isPositive();
    }

    /** Writes example charts under target/history for a look in a browser (HistoryScreenshotTest renders them). */
    @Test
    void writesExamples() throws IOException {
        Path folder = Path.of("target", "history");
        Files.createDirectories(folder);
        long[] sixty = LongStream.range(0, 60).map(i -> Math.round(40 + 30 * Math.sin(i / 4.0) + (i % 7 == 5 ? -25 : 0) + i)).toArray();
        Files.writeString(folder.resolve("sixty-days.svg"), RENDERER.history(DEFAULTS, NOV_1.minusDays(29), sixty, 48_211));
        long[] year = LongStream.range(0, 366).map(i -> Math.round(200 + 150 * Math.sin(i / 30.0) + (i * 37) % 90)).toArray();
        Files.writeString(folder.resolve("year.svg"), RENDERER.history(options(366, "visitors", "blue"),
            LocalDate.parse("2025-12-01"), year, 1_234_567));
        Files.writeString(folder.resolve("week.svg"), RENDERER.history(options(7, "hits", null), NOV_1, new long[] {3, 0, 5, 8, 2, 1, 4}, 23));
        Files.writeString(folder.resolve("empty.svg"), RENDERER.history(DEFAULTS, NOV_1, new long[60], 0));
        assertThat(folder.resolve("sixty-days.svg")).exists();
    }

    private static HistoryOptions options(int days, String label, String color) {
        return new HistoryOptions(days, label, color == null ? BadgeOptions.DEFAULT_COLOR : OptionValues.color("color", color));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
