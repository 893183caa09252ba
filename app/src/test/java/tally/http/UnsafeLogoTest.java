package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

/** An SVG logo holding script is refused on every route that takes a logo, and never passed on. */
class UnsafeLogoTest {

    @TempDir
    Path dir;

    private static String logo(String svg) {
        String data = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        return URLEncoder.encode(data, StandardCharsets.UTF_8);
    }

    @Test
    void aLogoWithScriptIsRefusedOnEveryBadgeRoute() {
        String script = logo("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.domain)</script></svg>");
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, client) -> {
                String before = t.footprint();
                for (String route : List.of("/count/tag.svg", "/nocount/tag.svg", "/count/shields.json", "/nocount/shields.json")) {
                    var r = Http.get(server.port(), route + "?url=example.com&logo=" + script, Map.of());
                    assertThat(r.statusCode()).as(route).isEqualTo(400);
                    assertThat(r.body()).as(route).contains("unsafe logo").doesNotContain("alert(");
                    var head = Http.send(server.port(), "HEAD", route + "?url=example.com&logo=" + script, Map.of());
                    assertThat(head.statusCode()).as("HEAD " + route).isEqualTo(400);
                }
                assertThat(t.footprint()).isEqualTo(before);
                var plain = Http.get(server.port(), "/nocount/shields.json?url=example.com&logo="
                        + logo("<svg xmlns='http://www.w3.org/2000/svg'><circle r='4'/></svg>"), Map.of());
                assertThat(plain.statusCode()).isEqualTo(200);
                assertThat(plain.body()).contains("\"logoSvg\":\"<svg xmlns='http://www.w3.org/2000/svg'><circle r='4'/></svg>\"");
            });
        }
    }
}
