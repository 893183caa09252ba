package tally.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tally.admin.Admin;
import tally.admin.AdminKeys;
import tally.admin.CounterStore;
import tally.admin.InvalidImport;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.InvalidKey;

/** The admin API under /admin: importing, listing, setting, deleting and exporting counters; token only, never cached, no CORS. */
final class AdminRoutes {

    static final long MAX_IMPORT = 64L * 1024 * 1024;
    private static final int MAX_LIMIT = 1_000;

    private final Admin admin;
    private final ObjectMapper json;

    private AdminRoutes(Admin admin, ObjectMapper json) {
        this.admin = admin;
        this.json = json;
    }

    static void register(JavalinConfig c, Admin admin, AdminAuth auth, ObjectMapper json) {
        AdminRoutes routes = new AdminRoutes(admin, json);
        c.routes.beforeMatched("/admin/*", auth::requireJson);
        c.routes.post("/admin/import", routes::importCounts);
        c.routes.get("/admin/counters", routes::list);
        c.routes.put("/admin/counters", routes::set);
        c.routes.delete("/admin/counters", routes::delete);
        c.routes.get("/admin/export", routes::export);
    }

    void importCounts(Context ctx) throws Exception {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean csv = type.startsWith("text/csv") || type.startsWith("text/plain");
        if (!csv && !type.startsWith("application/json")) {
            fail(ctx, 415, "send Content-Type: text/csv (url,count[,date] lines) or application/json ([{\"url\": ..., \"count\": ...}])");
            return;
        }
        String mode = ctx.queryParam("mode") == null ? "set" : ctx.queryParam("mode");
        if (!mode.equals("set") && !mode.equals("add")) {
            fail(ctx, 400, "mode must be set (the default: totals replace the stored ones) or add");
            return;
        }
        boolean add = mode.equals("add");
        if (ctx.req().getContentLengthLong() > MAX_IMPORT) {
            fail(ctx, 413, tooLarge());
            return;
        }
        try (InputStream in = new Bounded(ctx.req().getInputStream(), MAX_IMPORT)) {
            Admin.Imported done = admin.importFrom(in, !csv, add);
            answer(ctx, 200, ordered("imported", done.lines(), "counters", done.counters(), "mode", add ? "add" : "set"));
        } catch (InvalidImport e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("lines", e.problems());
            body.put("bad_lines", e.badLines());
            answer(ctx, 400, body);
        } catch (TooLarge e) {
            fail(ctx, 413, tooLarge());
        }
    }

    void list(Context ctx) throws Exception {
        String sort = ctx.queryParam("sort") == null ? "count" : ctx.queryParam("sort");
        if (!CounterStore.SORTS.contains(sort)) {
            fail(ctx, 400, "sort must be count, today, last or key");
            return;
        }
        long limit = number(ctx, "limit", 50);
        long offset = number(ctx, "offset", 0);
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            fail(ctx, 400, "limit must be 1 to " + MAX_LIMIT + " and offset 0 or more");
            return;
        }
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        CounterStore.Page page = admin.list(q, sort, (int) limit, offset);
        List<Map<String, Object>> counters = page.counters().stream().map(AdminRoutes::listed).toList();
        answer(ctx, 200, ordered("total", page.total(), "limit", limit, "offset", offset, "counters", counters));
    }

    void set(Context ctx) throws Exception {
        CounterKey key = key(ctx);
        if (key == null) {
            return;
        }
        SmallBody.Refusal refusal = SmallBody.check(ctx);
        if (refusal != null) {
            fail(ctx, refusal.status(), refusal.message());
            return;
        }
        JsonNode count = null;
        try {
            // bytes, not text: JSON is UTF-8 (or says which UTF), whatever charset the Content-Type names
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            count = body == null ? null : body.get("count");
        } catch (IOException e) {
            // answered below
        }
        if (count == null || !count.canConvertToLong() || !count.isIntegralNumber() || count.asLong() < 0
                || count.asLong() > Admin.MAX_COUNT) {
            fail(ctx, 400, "send a JSON body such as {\"count\": 42} (a whole number from 0 to " + Admin.MAX_COUNT + ")");
            return;
        }
        CounterState t = admin.set(key, count.asLong());
        answer(ctx, 200, ordered("url", AdminKeys.text(key), "count", t.count(), "today", t.today()));
    }

    void delete(Context ctx) throws Exception {
        CounterKey key = key(ctx);
        if (key == null) {
            return;
        }
        if (!admin.delete(key)) {
            fail(ctx, 404, "no counter " + AdminKeys.text(key));
            return;
        }
        answer(ctx, 200, Map.of("deleted", AdminKeys.text(key)));
    }

    void export(Context ctx) throws Exception {
        String format = ctx.queryParam("format") == null ? "csv" : ctx.queryParam("format");
        if (!format.equals("csv") && !format.equals("json")) {
            fail(ctx, 400, "format must be csv or json");
            return;
        }
        ctx.header("Content-Disposition", "attachment; filename=\"tally-export." + format + "\"");
        ctx.contentType(format.equals("csv") ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
        admin.export(ctx.outputStream(), format.equals("csv") ? Admin.ExportFormat.CSV : Admin.ExportFormat.JSON);
    }

    private static Map<String, Object> listed(CounterStore.Listed l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", AdminKeys.text(l.key()));
        m.put("count", l.count());
        m.put("today", l.today());
        m.put("last_hit", l.lastHit() == null ? null : Instant.ofEpochMilli(l.lastHit()).toString());
        return m;
    }

    /** The counter named by ?url= (page_id:ID and name:NAME too) or ?page_id=; answers 400 and null if none. */
    private CounterKey key(Context ctx) throws Exception {
        String url = ctx.queryParam("url");
        String pageId = ctx.queryParam("page_id");
        try {
            if (url != null && pageId == null) {
                return AdminKeys.of(url);
            }
            if (pageId != null && url == null) {
                return AdminKeys.of(AdminKeys.text(new CounterKey(CounterKey.Kind.PAGE, pageId)));
            }
            fail(ctx, 400, "name the counter with ?url= (or ?page_id=), once");
        } catch (InvalidKey e) {
            fail(ctx, 400, e.getMessage());
        }
        return null;
    }

    private static long number(Context ctx, String name, long absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        if (v.length() > 12 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return -1;
        }
        return Long.parseLong(v);
    }

    private static String tooLarge() {
        return "the import is larger than " + MAX_IMPORT / (1024 * 1024) + " MB: split it, and import the parts with ?mode=add";
    }

    private void fail(Context ctx, int status, String message) throws Exception {
        answer(ctx, status, Map.of("error", message));
    }

    private void answer(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
    }

    /** Thrown when the body goes past the limit, even without a Content-Length. */
    private static final class TooLarge extends IOException {
    }

    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (left -= n) < 0) {
                throw new TooLarge();
            }
            return n;
        }
    }

    /** A JSON object's fields in the order given, the same on every answer (Map.of's order varies between runs). */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
