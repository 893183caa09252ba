package tally.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;
import tally.count.CounterState;

/** The admin API on a whole Tally over HTTP: imports, the counter list, edits and exports. */
class AdminApiTest {

    static final String TOKEN = "test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private void run(BiConsumer<TestTally, Api> test) {
        run(dir.resolve("one"), test);
    }

    private static void run(Path folder, BiConsumer<TestTally, Api> test) {
        try (TestTally t = TestTally.create(folder, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            JavalinTest.test(t.app, (server, client) -> test.accept(t, new Api(server.port())));
        }
    }

    /** Requests with the admin token, unless told otherwise. */
    record Api(int port) {
        HttpResponse<String> send(String method, String path, String type, String body, boolean token) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (type != null) {
                b.header("Content-Type", type);
            }
            if (token) {
                b.header("Authorization", "Bearer " + TOKEN);
            }
            try {
                return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> csv(String query, String body) {
            return send("POST", "/admin/import" + query, "text/csv", body, true);
        }

        HttpResponse<String> json(String body) {
            return send("POST", "/admin/import", "application/json", body, true);
        }

        JsonNode get(String path) {
            HttpResponse<String> r = send("GET", path, null, null, true);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return tree(r.body());
        }

        long count(String url) {
            HttpResponse<String> r = send("GET", "/nocount?url=" + url, null, null, false);
            return Long.parseLong(r.body());
        }

        long pageCount(String id) {
            return Long.parseLong(send("GET", "/nocount?page_id=" + id, null, null, false).body());
        }
    }

    static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    @Test
    void csvWithAHeaderSetsTotalsUnderTheNormalisedKey() {
        run((t, api) -> {
            HttpResponse<String> r = api.csv("", "url,count\r\nhttps://Example.com/a/,42\nexample.com/b,7\n");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(tree(r.body()).path("imported").asLong()).isEqualTo(2);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(api.count("example.com/a")).isEqualTo(42);
            assertThat(api.count("http://example.com/b#x")).isEqualTo(7);
        });
    }

    @Test
    void csvWithoutAHeaderTakesQuotedKeysAndDates() {
        run((t, api) -> {
            String csv = "\"example.com/q,with \"\"comma\"\"\",3\nexample.com/d,5,2026-11-20\nexample.com/d,6,2026-11-21\n";
            assertThat(api.csv("", csv).statusCode()).isEqualTo(200);
            JsonNode d = api.get("/admin/counters?q=example.com/d").path("counters").get(0);
            assertThat(d.path("count").asLong()).as("a counter with dated lines only totals them").isEqualTo(11);
            assertThat(d.path("today").asLong()).as("the test clock's day is 2026-11-21").isEqualTo(6);
            assertThat(t.number("SELECT hits FROM daily_hits WHERE day = '2026-11-20'")).isEqualTo(5);
            assertThat(api.get("/admin/counters?q=comma").path("counters").get(0).path("url").asText())
                    .isEqualTo("example.com/q,with%20%22comma%22");
        });
    }

    @Test
    void jsonImportsUrlsAndPageIds() {
        run((t, api) -> {
            HttpResponse<String> r = api.json("""
                    [{"url": "example.com/j", "count": 12},
                     {"url": "page_id:post-7", "count": 99, "date": "2026-11-21"}]
                    """);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(api.count("example.com/j")).isEqualTo(12);
            assertThat(api.pageCount("post-7")).isEqualTo(99);
            assertThat(api.get("/admin/counters?q=post-7").path("counters").get(0).path("url").asText()).isEqualTo("page_id:post-7");
        });
    }

    @Test
    void aBadLineInTheMiddleAppliesNothingAndSaysWhichLine() {
        run((t, api) -> {
            api.csv("", "example.com/kept,5\n");
            String before = t.footprint();
            HttpResponse<String> r = api.csv("", "url,count,date\nexample.com/kept,100\nexample.com/x,lots\nexample.com/y,3,2026-13-01\nexample.com/z,4\n");
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode body = tree(r.body());
            assertThat(body.path("error").asText()).contains("nothing was imported");
            assertThat(body.path("lines").get(0).path("line").asInt()).isEqualTo(3);
            assertThat(body.path("lines").get(0).path("reason").asText()).contains("count must be a whole number");
            assertThat(body.path("lines").get(1).path("line").asInt()).isEqualTo(4);
            assertThat(body.path("lines").get(1).path("reason").asText()).contains("YYYY-MM-DD");
            assertThat(t.footprint()).isEqualTo(before);
            assertThat(api.count("example.com/kept")).isEqualTo(5);
        });
    }

    @Test
    void badJsonAndWrongTypesAreRefusedWithAReason() {
        run((t, api) -> {
            assertThat(api.json("[{\"url\": \"a.com\", \"count\": 1},\n{\"url\": \"b.com\", \"count\": -2}]").body())
                    .contains("\"line\":2");
            assertThat(api.json("{\"url\": 1}").statusCode()).isEqualTo(400);
            assertThat(api.json("[{\"url\": \"a.com\"").statusCode()).isEqualTo(400);
            assertThat(api.send("POST", "/admin/import", "application/xml", "<a/>", true).statusCode()).isEqualTo(415);
            assertThat(api.csv("?mode=replace", "a.com,1").statusCode()).isEqualTo(400);
            assertThat(api.csv("", "").statusCode()).isEqualTo(400);
            assertThat(t.number("SELECT count(*) FROM counters")).isZero();
        });
    }

    @Test
    void modeAddAddsToTotalsAndDays() {
        run((t, api) -> {
            api.csv("", "example.com/a,10\nexample.com/a,2,2026-11-21\n");
            assertThat(api.count("example.com/a")).isEqualTo(10);
            assertThat(api.csv("?mode=add", "example.com/a,5,2026-11-21\n").statusCode()).isEqualTo(200);
            assertThat(api.count("example.com/a")).isEqualTo(15);
            assertThat(api.get("/admin/counters").path("counters").get(0).path("today").asLong()).isEqualTo(7);
        });
    }

    @Test
    void anImportThatWouldCountPastTheMaximumIsRefusedWholeWithTheLineThatGoesPast() {
        run((t, api) -> {
            HttpResponse<String> summed = api.csv("", "example.com/a,60000000000\nexample.com/b,1\nexample.com/a,60000000000\n");
            assertThat(summed.statusCode()).as(summed.body()).isEqualTo(400);
            JsonNode body = tree(summed.body());
            assertThat(body.path("error").asText()).contains("past the maximum, 100000000000", "nothing was imported");
            assertThat(body.path("lines").get(0).path("line").asLong()).isEqualTo(3);
            assertThat(body.path("lines").get(0).path("reason").asText()).contains("example.com/a would count 120000000000");
            assertThat(t.number("SELECT count(*) FROM counters")).isZero();

            assertThat(api.csv("", "example.com/a,60000000000\nexample.com/d,1\n").statusCode()).isEqualTo(200);
            HttpResponse<String> added = api.csv("?mode=add", "example.com/c,1\nexample.com/a,50000000000\n");
            assertThat(tree(added.body()).path("lines").get(0).path("line").asLong()).as(added.body()).isEqualTo(2);
            HttpResponse<String> days = api.csv("", "example.com/d,2\nexample.com/d,60000000000,2026-11-20\nexample.com/d,60000000000,2026-11-20\n");
            assertThat(tree(days.body()).path("lines").get(0).path("reason").asText()).as(days.body())
                    .startsWith("example.com/d on 2026-11-20 would count 120000000000");
            assertThat(api.count("example.com/a")).isEqualTo(60_000_000_000L);
            assertThat(api.count("example.com/d")).isEqualTo(1);
            assertThat(t.number("SELECT count(*) FROM counters")).isEqualTo(2);
        });
    }

    @Test
    void anImportReplacesWhatTheRecentCountsRememberAndLiveListenersHearOfIt() {
        run((t, api) -> {
            List<CounterState> heard = new CopyOnWriteArrayList<>();
            t.writer.onCommit(heard::addAll);
            api.send("GET", "/count?url=example.com/hot", null, null, false);
            assertThat(api.count("example.com/hot")).isEqualTo(1);
            api.csv("", "example.com/hot,500\n");
            assertThat(api.count("example.com/hot")).isEqualTo(500);
            assertThat(heard).anyMatch(x -> x.key().key().equals("example.com/hot") && x.count() == 500);
            api.send("GET", "/count?url=example.com/hot", null, null, false);
            assertThat(api.count("example.com/hot")).isEqualTo(501);
        });
    }

    @Test
    void aHundredThousandLinesImport() {
        run((t, api) -> {
            StringBuilder csv = new StringBuilder("url,count\n");
            for (int i = 0; i < 100_000; i++) {
                csv.append("https://site").append(i % 1000).append(".example/page/").append(i).append(',').append(i % 97).append('\n');
            }
            HttpResponse<String> r = api.csv("", csv.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            long expected = 0;
            for (int i = 0; i < 100_000; i++) {
                expected += i % 97;
            }
            assertThat(t.number("SELECT count(*) FROM counters")).isEqualTo(100_000);
            assertThat(t.number("SELECT sum(count) FROM counters")).isEqualTo(expected);
            assertThat(api.count("site5.example/page/99005")).isEqualTo(99_005 % 97);
        });
    }

    @Test
    void listsSearchesSortsAndPages() {
        run((t, api) -> {
            api.csv("", "a.example/x,5\nb.example/x,50\nb.example/y,20,2026-11-21\nc.example/z,1\n");
            api.send("GET", "/count?url=c.example/z", null, null, false);
            JsonNode all = api.get("/admin/counters");
            assertThat(all.path("total").asLong()).isEqualTo(4);
            assertThat(urls(all)).containsExactly("b.example/x", "b.example/y", "a.example/x", "c.example/z");
            assertThat(urls(api.get("/admin/counters?sort=key"))).containsExactly("a.example/x", "b.example/x", "b.example/y", "c.example/z");
            assertThat(urls(api.get("/admin/counters?sort=today")).get(0)).isEqualTo("b.example/y");
            JsonNode last = api.get("/admin/counters?sort=last");
            assertThat(urls(last).get(0)).isEqualTo("c.example/z");
            assertThat(last.path("counters").get(0).path("last_hit").asText()).isEqualTo("2026-11-21T12:00:00Z");
            assertThat(last.path("counters").get(1).path("last_hit").isNull()).isTrue();
            JsonNode page = api.get("/admin/counters?q=B.EXAMPLE&sort=key&limit=1&offset=1");
            assertThat(page.path("total").asLong()).isEqualTo(2);
            assertThat(urls(page)).containsExactly("b.example/y");
            // a whole URL, or a key as the list writes it, finds the counter it names
            assertThat(urls(api.get("/admin/counters?q=" + enc("https://B.example/y/")))).containsExactly("b.example/y");
            api.send("POST", "/counters/visitors", null, null, false);
            assertThat(urls(api.get("/admin/counters?q=" + enc("name:visitors")))).containsExactly("name:visitors");
            assertThat(api.get("/admin/counters?q=" + enc("https://no.example/")).path("total").asLong()).isZero();
            assertThat(api.send("GET", "/admin/counters?sort=size", null, null, true).statusCode()).isEqualTo(400);
            assertThat(api.send("GET", "/admin/counters?limit=-1", null, null, true).statusCode()).isEqualTo(400);
            assertThat(api.send("GET", "/admin/counters?offset=x", null, null, true).statusCode()).isEqualTo(400);
        });
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void putSetsOneCounterAndDeleteRemovesItWithItsHistory() {
        run((t, api) -> {
            api.send("GET", "/count?url=example.com/p", null, null, false);
            HttpResponse<String> put = api.send("PUT", "/admin/counters?url=https://example.com/p", "application/json", "{\"count\": 1234}", true);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(api.count("example.com/p")).isEqualTo(1234);
            assertThat(api.send("PUT", "/admin/counters?url=example.com/p", "application/json", "{\"count\": -1}", true).statusCode()).isEqualTo(400);
            assertThat(api.send("PUT", "/admin/counters?url=example.com/p", "application/json", "nonsense", true).statusCode()).isEqualTo(400);
            assertThat(api.send("PUT", "/admin/counters", "application/json", "{\"count\": 1}", true).statusCode()).isEqualTo(400);
            HttpResponse<String> del = api.send("DELETE", "/admin/counters?url=example.com/p", null, null, true);
            assertThat(del.statusCode()).as(del.body()).isEqualTo(200);
            assertThat(t.footprint()).isEqualTo("0/0/0/0");
            assertThat(api.count("example.com/p")).isZero();
            assertThat(api.send("DELETE", "/admin/counters?url=example.com/p", null, null, true).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void anExportImportedIntoAnEmptyDatabaseGivesTheSameTotalsAndDays() {
        String[] exported = new String[2];
        run(dir.resolve("old"), (t, api) -> {
            api.csv("", "example.com/a,40\nexample.com/a,3,2026-11-01\nexample.com/a,4,2026-11-02\n\"odd.example/x,y\",2\npage_id:p1,9\n");
            api.send("GET", "/count?url=example.com/a", null, null, false);
            HttpResponse<String> csv = api.send("GET", "/admin/export?format=csv", null, null, true);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            exported[0] = csv.body();
            exported[1] = api.send("GET", "/admin/export?format=json", null, null, true).body();
            assertThat(api.send("GET", "/admin/export?format=xml", null, null, true).statusCode()).isEqualTo(400);
        });
        assertThat(exported[0]).startsWith("url,count,date\r\n").contains("example.com/a,41,\r\n", "page_id:p1,9,");
        for (int i = 0; i < 2; i++) {
            String body = exported[i];
            String type = i == 0 ? "text/csv" : "application/json";
            run(dir.resolve("new" + i), (t, api) -> {
                assertThat(api.send("POST", "/admin/import", type, body, true).statusCode()).isEqualTo(200);
                assertThat(api.count("example.com/a")).isEqualTo(41);
                assertThat(api.count("odd.example/x,y")).isEqualTo(2);
                assertThat(api.pageCount("p1")).isEqualTo(9);
                assertThat(t.number("SELECT sum(hits) FROM daily_hits")).isEqualTo(3 + 4 + 1);
                assertThat(api.send("GET", "/admin/export?format=" + (type.equals("text/csv") ? "csv" : "json"), null, null, true).body())
                        .isEqualTo(body);
            });
        }
    }

    @Test
    void urlsOnHostsCalledNameOrPageIdAreListedWithASchemeAndComeBackFromAnExportAsUrls() {
        String[] exported = new String[2];
        run(dir.resolve("old"), (t, api) -> {
            api.send("GET", "/count?url=http://name:8080/blog", null, null, false);
            api.send("GET", "/count?url=http://page_id:8080/x", null, null, false);
            api.csv("", "name:blog,3\npage_id:8080,4\n");
            assertThat(urls(api.get("/admin/counters?sort=key")))
                    .containsExactlyInAnyOrder("https://name:8080/blog", "https://page_id:8080/x", "name:blog", "page_id:8080");
            HttpResponse<String> put = api.send("PUT", "/admin/counters?url=https://name:8080/blog", "application/json", "{\"count\": 7}", true);
            assertThat(tree(put.body()).path("url").asText()).isEqualTo("https://name:8080/blog");
            exported[0] = api.send("GET", "/admin/export?format=csv", null, null, true).body();
            exported[1] = api.send("GET", "/admin/export?format=json", null, null, true).body();
        });
        for (int i = 0; i < 2; i++) {
            String body = exported[i];
            String type = i == 0 ? "text/csv" : "application/json";
            run(dir.resolve("new" + i), (t, api) -> {
                HttpResponse<String> r = api.send("POST", "/admin/import", type, body, true);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(api.count("http://name:8080/blog")).isEqualTo(7);
                assertThat(api.count("http://page_id:8080/x")).isEqualTo(1);
                assertThat(api.pageCount("8080")).isEqualTo(4);
                assertThat(t.number("SELECT count FROM counters WHERE kind = 'named'")).isEqualTo(3);
                assertThat(api.send("DELETE", "/admin/counters?url=https://page_id:8080/x", null, null, true).statusCode()).isEqualTo(200);
                assertThat(api.count("http://page_id:8080/x")).isZero();
            });
        }
    }

    @Test
    void everyAdminRouteWantsTheTokenAndAllowsNoOtherOrigin() {
        run((t, api) -> {
            for (String[] route : new String[][] {{"POST", "/admin/import"}, {"GET", "/admin/counters"},
                    {"PUT", "/admin/counters?url=a.com"}, {"DELETE", "/admin/counters?url=a.com"}, {"GET", "/admin/export"}}) {
                HttpResponse<String> r = api.send(route[0], route[1], "text/csv", "a.com,5", false);
                assertThat(r.statusCode()).as(route[1]).isEqualTo(401);
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
                assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
            assertThat(t.number("SELECT count(*) FROM counters")).isZero();
        });
    }

    @Test
    void aBodyLargerThan64MegabytesIsRefusedWith413() {
        run((t, api) -> {
            long size = 65L * 1024 * 1024;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/admin/import"))
                    .header("Content-Type", "text/csv").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Repeating(size))).build();
            try {
                HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(413);
                assertThat(r.body()).contains("64 MB");
            } catch (IOException e) {
                // the server may close the connection before the client has sent everything: nothing was imported either way
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThat(t.number("SELECT count(*) FROM counters")).isZero();
        });
    }

    private static List<String> urls(JsonNode page) {
        return page.path("counters").findValuesAsText("url");
    }

    /** A CSV body of one very long quoted field: size bytes, made as they are read. */
    private static final class Repeating extends InputStream {
        private long left;

        Repeating(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'a');
            left -= n;
            return n;
        }
    }
}
