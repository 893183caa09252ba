package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Badge parameters are read, defaulted, aliased and refused as documented in docs/gallery.md. */
class BadgeOptionsTest {

    @Test
    void noParametersGiveTheDefaults() {
        BadgeOptions options = BadgeOptions.parse(query("url", "https://example.com/"));
        assertThat(options).isEqualTo(BadgeOptions.defaults());
        assertThat(options.badge(1234, 5)).isEqualTo(
            new Badge("hits", "1234", "#4c1", "#555", Style.FLAT, null, null));
    }

    @Test
    void unknownParametersAreIgnored() {
        assertThat(BadgeOptions.parse(query("page_id", "a", "page_id", "b", "utm", "x"))).isEqualTo(BadgeOptions.defaults());
    }

    @Test
    void everyParameterIsRead() {
        BadgeOptions options = BadgeOptions.parse(query("label", "views", "color", "Blue", "labelColor", "ABC",
            "style", "for-the-badge", "view", "today-total", "abbreviated", "true", "base", "1000",
            "logo", "data:image/png;base64,iVBORw0KGgo=", "logoWidth", "20"));
        assertThat(options).isEqualTo(new BadgeOptions("views", "blue", "#abc", Style.FOR_THE_BADGE, View.TODAY_TOTAL,
            true, 1000, "data:image/png;base64,iVBORw0KGgo=", 20));
        assertThat(options.message(234, 12)).isEqualTo("12 / 1.2k");
    }

    @Test
    void aliasesWorkAndThePrimaryNameWins() {
        BadgeOptions visitor = BadgeOptions.parse(query("left_text", "visitors", "left_color", "green", "right_color", "red"));
        assertThat(visitor.label()).isEqualTo("visitors");
        assertThat(visitor.labelColor()).isEqualTo("green");
        assertThat(visitor.color()).isEqualTo("red");
        BadgeOptions seeyoufarm = BadgeOptions.parse(query("title", "hits", "title_bg", "#555555", "count_bg", "#79C83D"));
        assertThat(seeyoufarm.labelColor()).isEqualTo("#555555");
        assertThat(seeyoufarm.color()).isEqualTo("#79c83d");
        BadgeOptions both = BadgeOptions.parse(query("label", "primary", "left_text", "alias", "color", "blue", "count_bg", "red"));
        assertThat(both.label()).isEqualTo("primary");
        assertThat(both.color()).isEqualTo("blue");
    }

    @Test
    void emptyLabelMakesAMessageOnlyBadge() {
        BadgeOptions options = BadgeOptions.parse(query("label", ""));
        assertThat(options.badge(7, 0)).isEqualTo(new Badge("", "7", "#4c1", null, Style.FLAT, null, null));
        assertThat(options.shieldsJson(7, 0)).doesNotContainKey("labelColor");
    }

    @Test
    void repeatedValuesAreRefused() {
        InvalidBadgeOption e = catchThrowableOfType(InvalidBadgeOption.class,
            () -> BadgeOptions.parse(query("color", "red", "color", "blue")));
        assertThat(e.reason()).isEqualTo("repeated color");
        assertThat(e.getMessage()).isEqualTo("color was given 2 times; send it once");
        assertThatThrownBy(() -> BadgeOptions.parse(query("label", "a", "left_text", "b", "left_text", "c")))
            .isInstanceOf(InvalidBadgeOption.class);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "color|notacolour|bad color", "color|#12345|bad color", "color|\"><script>|bad color", "color|rgb(1,2)|bad color",
        "labelColor|blurple|bad labelColor", "right_color|#ggg|bad color", "title_bg|x|bad labelColor",
        "style|round|bad style", "view|yesterday|bad view", "abbreviated|maybe|bad abbreviated",
        "base|-1|bad base", "base|1.5|bad base", "base|1000000000000001|bad base", "base|99999999999999999999|bad base",
        "logo|https://example.com/a.svg|bad logo", "logo|data:image/gif;base64,R0lGOD==|bad logo",
        "logo|data:image/png;base64,***|bad logo", "logoWidth|0|bad logoWidth", "logoWidth|101|bad logoWidth",
        "logoWidth|wide|bad logoWidth"})
    void badValuesAreRefusedWithAReason(String name, String value, String reason) {
        InvalidBadgeOption e = catchThrowableOfType(InvalidBadgeOption.class, () -> BadgeOptions.parse(query(name, value)));
        assertThat(e).as("%s=%s", name, value).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void tooLargeLogoAndLabelAreRefused() {
        String logo = "data:image/png;base64," + "A".repeat(8200);
        assertThat(catchThrowableOfType(InvalidBadgeOption.class, () -> BadgeOptions.parse(query("logo", logo))).reason())
            .isEqualTo("logo too large");
        assertThat(catchThrowableOfType(InvalidBadgeOption.class,
            () -> BadgeOptions.parse(query("label", "x".repeat(300)))).reason()).isEqualTo("label too long");
    }

    @Test
    void aLabelOfSpacesOnlyIsNoLabelAndDrawsNoGreyPart() {
        Badge spaces = BadgeOptions.parse(query("label", "  ")).badge(5, 0);
        Badge empty = BadgeOptions.parse(query("label", "")).badge(5, 0);
        assertThat(new BadgeRenderer().render(spaces)).isEqualTo(new BadgeRenderer().render(empty));
    }

    @Test
    void aLabelsLengthIsCountedInCharactersNotUtf16Units() {
        assertThat(BadgeOptions.parse(query("label", "\uD83D\uDE00".repeat(256))).label()).hasSize(512);
        assertThat(catchThrowableOfType(InvalidBadgeOption.class,
            () -> BadgeOptions.parse(query("label", "\uD83D\uDE00".repeat(257)))).reason()).isEqualTo("label too long");
    }

    @Test
    void aLabelThatWasNotUtf8IsRefused() {
        // what the query's decoder makes of label=%ff
        assertThat(catchThrowableOfType(InvalidBadgeOption.class,
            () -> BadgeOptions.parse(query("label", "views \uFFFD"))).reason()).isEqualTo("bad label");
        assertThat(BadgeOptions.parse(query("label", "visits \u00e9\u2713")).label()).isEqualTo("visits \u00e9\u2713");
    }

    @Test
    void aLogoWhosePlusSignsWereDecodedAsSpacesIsRepaired() {
        BadgeOptions options = BadgeOptions.parse(query("logo", "data:image/svg+xml;base64,PHN2ZyBpZD0ifiI PC9zdmc "));
        assertThat(options.logo()).isEqualTo("data:image/svg+xml;base64,PHN2ZyBpZD0ifiI+PC9zdmc+");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"total,false,0,1234", "today,false,0,12", "today-total,false,0,'12 / 1,234'", "total,false,1000000,1001234",
        "total,true,0,1.2k", "today-total,true,1000000,12 / 1M", "today,false,5000,12"})
    void messagesApplyViewBaseAndFormat(String view, boolean abbreviated, long base, String expected) {
        BadgeOptions options = new BadgeOptions("hits", "#4c1", "#555", Style.FLAT, View.fromId(view), abbreviated, base,
            null, null);
        assertThat(options.message(1234, 12)).isEqualTo(expected);
    }

    @Test
    void baseNeverOverflows() {
        BadgeOptions options = BadgeOptions.parse(query("base", "1000000000000000"));
        assertThat(options.message(Long.MAX_VALUE, 0)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void shieldsJsonFollowsTheEndpointSchemaInOrder() {
        BadgeOptions options = BadgeOptions.parse(query("label", "views", "color", "orange", "style", "plastic",
            "logo", "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", "logoWidth", "12"));
        Map<String, Object> json = options.shieldsJson(1234, 1);
        assertThat(json).containsExactly(Map.entry("schemaVersion", 1), Map.entry("label", "views"),
            Map.entry("message", "1234"), Map.entry("color", "orange"), Map.entry("labelColor", "#555"),
            Map.entry("logoSvg", "<svg></svg>"), Map.entry("logoWidth", 12), Map.entry("style", "plastic"));
    }

    /** A query map as Javalin's ctx.queryParamMap() gives it; a name may repeat. */
    private static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.merge(pairs[i], List.of(pairs[i + 1]), (a, b) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
        return map;
    }
}
