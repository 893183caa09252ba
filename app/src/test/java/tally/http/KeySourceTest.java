package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.Http;
import tally.TestTally;

class KeySourceTest {

    @TempDir
    Path dir;

    @Test
    void theRefererNamesTheCounterWhenThereIsNoUrl() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> r = Http.get(server.port(), "/count.json",
                        Map.of("Referer", "https://blog.example.com/post/?utm=x"));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("\"url\":\"blog.example.com/post\"");
            });
        }
    }

    @Test
    void theUrlParameterWinsOverTheReferer() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> r = Http.get(server.port(), "/count.json?url=example.com/param",
                        Map.of("Referer", "https://example.com/referer"));
                assertThat(r.body()).contains("\"url\":\"example.com/param\"");
            });
        }
    }

    @Test
    void anEmptyUrlIsAnErrorEvenWithAReferer() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                HttpResponse<String> r = Http.get(server.port(), "/count?url=", Map.of("Referer", "https://example.com/a"));
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void aRefusedRefererIsNamedAsTheReferer() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                HttpResponse<String> r = Http.get(server.port(), "/count",
                        Map.of("Referer", "https://example.com/" + "a".repeat(2_000)));
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).startsWith("the Referer is too long").contains("?url=").doesNotContain("url is");
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void aRefererThatIsNotAnAbsoluteUrlMakesNoCounter() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                for (String referer : List.of("null", "foo", "/page", "example.com/a", "javascript:alert(1)", "about:blank")) {
                    HttpResponse<String> r = Http.get(server.port(), "/count", Map.of("Referer", referer));
                    assertThat(r.statusCode()).as(referer).isEqualTo(400);
                    assertThat(r.body()).as(referer).contains("absolute URL", "?url=");
                }
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }

    @Test
    void noUrlAndNoRefererSaysWhatToSend() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                var text = client.get("/count");
                assertThat(text.code()).isEqualTo(400);
                assertThat(text.body().string()).contains("?url=").contains("Referer");
                var svg = client.get("/count/tag.svg");
                assertThat(svg.code()).isEqualTo(400);
                assertThat(svg.headers().get("Content-Type").get(0)).startsWith("image/svg+xml");
                assertThat(svg.body().string()).contains("no url (use ?url=)");
            });
        }
    }

    @Test
    void jsonSaysWhereTheKeyCameFrom() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                Map<String, String> page = Map.of("Referer", "https://blog.example/post.html", "Sec-Fetch-Site", "cross-site");
                assertThat(Http.get(server.port(), "/count.json?url=example.com/a", page).body())
                        .contains("\"keyFrom\":\"url\"");
                assertThat(Http.get(server.port(), "/nocount.json?page_id=a", page).body())
                        .contains("\"keyFrom\":\"page_id\"");
                assertThat(Http.get(server.port(), "/count.json", page).body())
                        .contains("\"url\":\"blog.example/post.html\"", "\"keyFrom\":\"referer\"");
            });
        }
    }

    @Test
    void aBareOriginFromAnotherSiteIsReportedAsPerSite() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                for (String site : new String[] {"cross-site", "same-site"}) {
                    HttpResponse<String> r = Http.get(server.port(), "/count.json",
                            Map.of("Referer", "https://blog.example/", "Sec-Fetch-Site", site));
                    assertThat(r.body()).as(site).contains("\"url\":\"blog.example\"", "\"keyFrom\":\"referer-origin\"");
                }
                HttpResponse<String> live = Http.get(server.port(), "/live",
                        Map.of("Referer", "https://blog.example/", "Sec-Fetch-Site", "cross-site", "Accept", "application/json"));
                assertThat(live.body()).contains("\"keyFrom\":\"referer-origin\"");
            });
        }
    }

    @Test
    void anOriginSentBySameOriginOrByAToolIsJustTheReferer() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                List<Map<String, String>> cases = List.of(
                        Map.of("Referer", "https://blog.example/", "Sec-Fetch-Site", "same-origin"),
                        Map.of("Referer", "https://blog.example/"),
                        Map.of("Referer", "https://blog.example/?p=12", "Sec-Fetch-Site", "cross-site"));
                for (Map<String, String> headers : cases) {
                    assertThat(Http.get(server.port(), "/nocount.json", headers).body()).as(headers.toString())
                            .contains("\"keyFrom\":\"referer\"");
                }
            });
        }
    }

    @Test
    void pageIdIsAnOpaqueKeyKeptApartFromUrls() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                var client = Http.cookieless(server);
                client.get("/count?page_id=example.com/a");
                client.get("/count?page_id=example.com/a");
                assertThat(client.get("/count?url=example.com/a").body().string()).isEqualTo("1");
                assertThat(client.get("/nocount.json?page_id=%20example.com/a%20").body().string())
                        .contains("\"url\":\"example.com/a\"").contains("\"count\":2");
            });
        }
    }

    @Test
    void aUrlWithBrokenPercentEncodingIsAnErrorEvenWithAReferer() {
        try (TestTally t = TestTally.create(dir)) {
            JavalinTest.test(t.app, (server, cookieJarClient) -> {
                for (String query : List.of("url=%zz", "url=example.com/a%", "page_id=%zz")) {
                    String r = RawHttp.exchange(server.port(), "GET /count.json?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Referer: https://example.com/referer\r\nConnection: close\r\n\r\n");
                    assertThat(r).as(query).startsWith("HTTP/1.1 400").contains("percent-encoding").contains("%XX");
                }
                assertThat(t.number("SELECT count(*) FROM counters")).isZero();
            });
        }
    }
}
