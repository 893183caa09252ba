package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden badge made by badge-maker (see resources/badge/README.md) is reproduced byte for byte. */
class GoldenFilesTest {
    private static final BadgeRenderer RENDERER = new BadgeRenderer();

    static Stream<Arguments> cases() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(resource("cases.json"));
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : manifest.get("cases")) {
            Badge badge = new Badge(c.get("label").asText(), c.get("message").asText(), text(c, "color"),
                text(c, "labelColor"), Style.fromId(c.get("style").asText()), text(c, "logo"),
                c.has("logoWidth") ? c.get("logoWidth").asInt() : null);
            cases.add(Arguments.of(c.get("file").asText(), badge));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersExactlyAsBadgeMakerDoes(String file, Badge badge) throws IOException {
        String expected = new String(resource(file).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(RENDERER.render(badge)).isEqualTo(expected);
    }

    private static String text(JsonNode c, String field) {
        return c.has(field) ? c.get(field).asText() : null;
    }

    private static InputStream resource(String name) {
        return GoldenFilesTest.class.getResourceAsStream("/badge/golden/" + name);
    }
}
