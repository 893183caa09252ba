package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Text widths agree with the check values in shared/data/README.md and with shields' rules. */
class TextWidthTest {
    private static final FontMetrics VERDANA = FontMetrics.load("/badge/fonts/verdana-11px-normal.json");
    private static final BadgeRenderer RENDERER = new BadgeRenderer();

    @Test
    void hitsAndNumberHaveTheDocumentedWidths() {
        assertThat(VERDANA.widthOf("hits")).isCloseTo(20.04, within(1e-9));
        assertThat(VERDANA.widthOf("1234")).isCloseTo(27.96, within(1e-9));
    }

    @Test
    void hitsBadgeIs31Plus37PixelsWide() {
        String svg = RENDERER.render(new Badge("hits", "1234", "#4c1", null, Style.FLAT, null, null));
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"68\" height=\"20\"")
            .contains("<rect width=\"31\" height=\"20\" fill=\"#555\"/><rect x=\"31\" width=\"37\"")
            .contains("textLength=\"210\">hits</text>")
            .contains("textLength=\"270\">1234</text>");
    }

    @Test
    void controlCharactersMeasureNothing() {
        assertThat(VERDANA.widthOf("a\u0001\u007fb")).isEqualTo(VERDANA.widthOf("ab"));
    }

    @Test
    void charactersWithoutAnEntryMeasureAsM() {
        int unassigned = 0x0600; // Arabic: in a gap of the table
        assertThat(VERDANA.widthOf(new String(Character.toChars(unassigned)))).isEqualTo(VERDANA.widthOf("m"));
        assertThat(VERDANA.widthOf(new String(Character.toChars(0xF0000)))).isEqualTo(VERDANA.widthOf("m"));
    }

    @Test
    void supplementaryCharactersCountOnce() {
        double emoji = VERDANA.widthOf("\uD83C\uDF89");
        assertThat(VERDANA.widthOf("\uD83C\uDF89\uD83C\uDF89")).isEqualTo(2 * emoji);
    }
}
