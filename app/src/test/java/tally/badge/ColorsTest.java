package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Colours resolve as badge-maker's color.js resolves them. */
class ColorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "brightgreen|#4b0", "success|#4b0", "gray|#555", "lightgray|#939393", "inactive|#939393", "critical|#dd4343",
        "important|#ea7233", "informational|#007ec6", "yellowgreen|#95991a", "4c1|#4c1", "ABCDEF|#abcdef",
        "#4C1|#4c1", "#4c1a|#4c1a", "pink|pink", "rgb(1,2,3)|rgb(1,2,3)", "hsl(120, 50%, 50%)|hsl(120, 50%, 50%)"})
    void resolvesToAFillValue(String color, String fill) {
        assertThat(Colors.toSvg(color)).isEqualTo(fill);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "12345", "#12", "rgb(1,2)", "hsl(1,2,3)", "Red", "#ggg", "１２３"})
    void refusesWhatBadgeMakerRefuses(String color) {
        assertThat(Colors.toSvg(color)).isNull();
    }

    @ParameterizedTest(name = "{0} light={1}")
    @CsvSource({"#fff,true", "#555,false", "#4c1,false", "#d8b800,false", "white,true", "pink,true",
        "'hsl(60,100%,50%)',true", "#dfb317,false", "#e4e4e4,true",
        "'hsl(200grad,100%,50%)',true", "'hsl(300grad,100%,50%)',false"})
    void picksDarkTextOnLightBackgrounds(String color, boolean light) {
        assertThat(Colors.isLight(color)).isEqualTo(light);
    }
}
