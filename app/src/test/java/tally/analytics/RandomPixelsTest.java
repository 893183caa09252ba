package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tally.Http;
import tally.TestTally;

/**
 * 2,000 random pixel requests: each gets the GIF (or, near the 16 KB request head, 414/431), none a 5xx,
 * no cookie, and every stored value stays within its bound.
 */
class RandomPixelsTest {

    private static TestTally tally;
    private static Path dir;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("tally-random-pixels");
        tally = TestTally.create(dir, c -> c.withTrustProxy(true).withAnalytics(Pixels.TOKEN, List.of(), 400));
        tally.app.start(0);
    }

    @AfterContainer
    static void stop() {
        assertThat(tally.number("SELECT coalesce(max(length(site)), 0) FROM analytics_hours")).isLessThanOrEqualTo(Values.MAX_SITE);
        assertThat(tally.number("SELECT coalesce(max(length(page)), 0) FROM analytics_values")).isLessThanOrEqualTo(Values.MAX_PATH);
        assertThat(tally.number("SELECT coalesce(max(length(value)), 0) FROM analytics_values")).isLessThanOrEqualTo(Values.MAX_REFERRER);
        assertThat(tally.number("SELECT coalesce(max(length(title)), 0) FROM analytics_titles")).isLessThanOrEqualTo(Values.MAX_TITLE);
        assertThat(tally.number("SELECT coalesce(max(max(length(by_value), length(value))), 0) FROM analytics_pairs"))
                .isLessThanOrEqualTo(Values.MAX_REFERRER);
        assertThat(tally.number("SELECT count(*) FROM analytics_pairs")).isPositive();
        assertThat(tally.number("SELECT count(*) FROM analytics_hours")).isPositive();
        tally.close();
    }

    @Property(tries = 2000)
    void everyPixelGetsTheGif(@ForAll("params") Map<String, String> params, @ForAll("headers") Map<String, String> headers) {
        StringBuilder q = new StringBuilder("/pixel.gif?");
        params.forEach((k, v) -> q.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        HttpResponse<String> r = Http.get(tally.app.port(), q.toString(), headers);
        int head = q.length() + headers.values().stream().mapToInt(v -> v.length() + 32).sum();
        if (head > 15_000) {
            // near or past the 16 KB limit on a request's line and headers together: may be refused before any
            // handler (414 or 431), never a 5xx
            assertThat(r.statusCode()).isIn(200, 414, 431);
            return;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Provide
    Arbitrary<Map<String, String>> params() {
        Arbitrary<String> names = Arbitraries.of("site", "path", "title", "referrer", "resolution", "utm_source", "x");
        return Arbitraries.maps(names, text()).ofMaxSize(7);
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> ua = Arbitraries.oneOf(Arbitraries.of(Pixels.CHROME, AgentsTest.PEOPLE.get(6).get(0), "curl/8.0"),
                headerText());
        Arbitrary<String> ip = Arbitraries.oneOf(Arbitraries.of("8.8.8.8", "::1", "2a00:1450::1", "999.1.1.1", "not-an-ip"), headerText());
        Arbitrary<String> referer = Arbitraries.oneOf(Arbitraries.of("https://blog.example/a?b=c", "https://ünï.example/x"), headerText());
        return Combinators.combine(ua, ip, referer, Arbitraries.of("", "1", "0")).as((u, a, ref, dnt) -> {
            Map<String, String> h = new HashMap<>();
            h.put("User-Agent", u);
            h.put("X-Forwarded-For", a);
            h.put("Referer", ref);
            if (!dnt.isEmpty()) {
                h.put("DNT", dnt);
            }
            return h;
        });
    }

    /** Any text, including control characters, other scripts, and lengths past every bound. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(250).ofMaxLength(2500),
                Arbitraries.strings().withChars("/.:?#&=%,x0123456789abcdefé😀").ofMaxLength(60),
                Arbitraries.of("blog.example", "https://blog.example/post", "1920,1080", "-1,5", "/a/../b", "https://google.com/search?q=x"));
    }

    /** Header values a client can send: visible ASCII and spaces, up to a few KB. */
    private static Arbitrary<String> headerText() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(2000).map(String::strip).filter(s -> !s.isEmpty());
    }
}
