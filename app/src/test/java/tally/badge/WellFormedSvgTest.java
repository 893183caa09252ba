package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every style renders well-formed, accessible SVG for awkward labels, and user text is escaped. */
class WellFormedSvgTest {
    private static final BadgeRenderer RENDERER = new BadgeRenderer();
    private static final String LOGO = "data:image/png;base64,iVBORw0KGgo=";

    static Stream<Arguments> awkwardBadges() {
        List<String> texts = List.of("hits", "", "<script>alert(1)</script>", "a & b", "\"quoted\" 'single'",
            "emoji 🎉👍🏽", "שלום עולם", "مرحبا", "x".repeat(200), "日本語テキスト", "tab\there", "line\nbreak",
            "nul\u0000bell\u0007esc\u001b", "lone \uD800 high", "lone \uDC00 low", "\uFFFE\uFFFF", "]]>", "&amp;",
            "é".repeat(50) + "🎉".repeat(50), " \u00a0 spaced \u3000 ");
        List<Arguments> cases = new ArrayList<>();
        for (Style style : Style.values()) {
            for (int i = 0; i < texts.size(); i++) {
                String label = texts.get(i);
                String message = texts.get((i * 7 + 3) % texts.size());
                String logo = i % 4 == 0 ? LOGO : null;
                cases.add(Arguments.of(new Badge(label, message, i % 2 == 0 ? "pink" : null, null, style, logo, null)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("awkwardBadges")
    void everyOutputIsWellFormedWithRoleLabelAndTitle(Badge badge) throws Exception {
        Document doc = parse(RENDERER.render(badge));
        Element svg = doc.getDocumentElement();
        assertThat(svg.getTagName()).isEqualTo("svg");
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        String title = doc.getElementsByTagName("title").item(0).getTextContent();
        assertThat(svg.getAttribute("aria-label")).isEqualTo(title.replaceAll("[\\t\\n\\r]", " "));
        assertThat(Double.parseDouble(svg.getAttribute("width"))).isPositive();
    }

    @Test
    void titleReadsLabelColonValue() throws Exception {
        Document doc = parse(RENDERER.render(new Badge("hits", "1234", null, null, Style.FLAT, null, null)));
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("hits: 1234");
        assertThat(doc.getDocumentElement().getAttribute("aria-label")).isEqualTo("hits: 1234");
    }

    @Test
    void labelIsEscapedInSvg() {
        String svg = RENDERER.render(new Badge("<b onload=\"x\">&", "1", null, null, Style.FLAT, null, null));
        assertThat(svg).doesNotContain("<b ").contains("&lt;b onload=&quot;x&quot;&gt;&amp;");
    }

    @Test
    void charactersXmlCannotHoldAreDropped() {
        String svg = RENDERER.render(new Badge("a\u0000b\u0008c", "x\uD800", null, null, Style.FLAT, null, null));
        assertThat(svg).contains(">abc</text>").contains(">x\uFFFD</text>").doesNotContain("\u0000");
    }

    @Test
    void anInvalidColourNeverReachesTheSvg() {
        String svg = RENDERER.render(new Badge("hits", "1", "red\"/><script>", "\"><x", Style.FLAT, null, null));
        assertThat(svg).doesNotContain("script").doesNotContain("<x").contains("fill=\"#4b0\"");
    }

    @Test
    void errorBadgeIsRedLabelAndReason() {
        String svg = RENDERER.error("hits", "no url");
        assertThat(svg).contains("aria-label=\"hits: no url\"").contains("fill=\"#e05d44\"").contains("fill=\"#555\"");
    }

    @Test
    void darkTextOnLightBackgrounds() {
        String svg = RENDERER.render(new Badge("hits", "1", "white", "yellow", Style.FLAT_SQUARE, null, null));
        assertThat(svg).contains("fill=\"#333\">1</text>").contains("textLength=\"210\" transform=\"scale(.1)\">hits");
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
