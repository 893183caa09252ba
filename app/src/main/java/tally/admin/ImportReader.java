package tally.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tally.count.CounterKey;
import tally.count.InvalidKey;

/**
 * Reads an import, CSV ({@code url,count[,date]}, an optional header) or JSON ({@code [{"url", "count", "date"}]}),
 * as a stream: every line is checked, good rows go to a {@link Spool}, bad ones are reported by line number.
 */
final class ImportReader {

    static final int MAX_REPORTED = 100;
    static final long MAX_COUNT = Admin.MAX_COUNT;
    /** No hit counter counted before UNIX time began; year 1 or -1 is a mistake in the file. */
    private static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    /** Strings as long as a CSV field may be: no key is longer, and one huge string would otherwise fill the heap. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(CsvRecords.MAX_FIELD).build())
            .build();

    /** The import formats. */
    enum Format { CSV, JSON }

    private final LocalDate today;
    private final List<InvalidImport.Problem> problems = new ArrayList<>();
    private long bad;

    ImportReader(LocalDate today) {
        this.today = today;
    }

    /** Reads everything into a new spool; throws InvalidImport (deleting the spool) if any line is bad. */
    Spool read(InputStream in, Format format) throws IOException {
        Spool spool = new Spool();
        try {
            if (format == Format.CSV) {
                csv(in, spool);
            } else {
                json(in, spool);
            }
            spool.finish();
            if (bad > 0) {
                throw new InvalidImport(bad + " bad line" + (bad == 1 ? "" : "s") + ": nothing was imported; fix "
                        + (bad == 1 ? "it" : "them") + " and send the whole file again", problems, bad);
            }
            if (spool.rows() == 0) {
                throw new InvalidImport("nothing to import: send lines of url,count or url,count,date", List.of(), 0);
            }
            return spool;
        } catch (Throwable e) {
            spool.discard(e); // OutOfMemoryError too: the file and its stream go, whatever went wrong
            throw e;
        }
    }

    private void csv(InputStream in, Spool spool) throws IOException {
        CsvRecords records = new CsvRecords(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
        boolean first = true;
        for (CsvRecords.Record r; (r = records.next()) != null; first = false) {
            List<String> f = r.fields();
            if (first && !f.isEmpty()) {
                String name = f.get(0).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
                if (name.equals("url") || name.equals("key")) {
                    continue; // a header line
                }
                f.set(0, f.get(0).replace("\uFEFF", ""));
            }
            if (r.problem() != null) {
                problem(r.line(), r.problem());
            } else if (f.size() < 2 || f.size() > 3) {
                problem(r.line(), f.size() + " field" + (f.size() == 1 ? "" : "s") + ": send url,count or url,count,date");
            } else {
                row(spool, r.line(), f.get(0), f.get(1).strip(), f.size() == 3 ? f.get(2).strip() : "");
            }
        }
    }

    private void json(InputStream in, Spool spool) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            try {
                array(p, spool);
            } catch (JsonProcessingException e) {
                // the parser's limits (nesting, name length) throw without a location: the parser still knows it
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                long line = Math.max(at.getLineNr(), 0);
                String reason = e.getOriginalMessage().replaceAll(", from `[^`]*`\\)", ")");
                throw new InvalidImport("not valid JSON on line " + line + ": " + reason,
                        List.of(new InvalidImport.Problem(line, "not valid JSON: " + reason)), 1);
            }
        }
    }

    private void array(JsonParser p, Spool spool) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new InvalidImport("send a JSON array of {\"url\": ..., \"count\": ..., \"date\": optional}", List.of(), 0);
        }
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            long line = p.currentTokenLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                problem(line, "not an object: send {\"url\": ..., \"count\": ...}");
                continue;
            }
            object(p, line, spool);
        }
        if (p.nextToken() != null) {
            throw new InvalidImport("text after the JSON array, on line " + p.currentTokenLocation().getLineNr(), List.of(), 0);
        }
    }

    private void object(JsonParser p, long line, Spool spool) throws IOException {
        String url = null;
        String count = null;
        String date = "";
        String wrong = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (!seen.add(field) && wrong == null) {
                wrong = "field \"" + printable(field) + "\" is given twice: send each field once";
            }
            switch (field) {
                case "url" -> url = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "count" -> count = v.isScalarValue() ? p.getText().strip() : v.asString();
                case "date" -> date = v == JsonToken.VALUE_NULL ? "" : v == JsonToken.VALUE_STRING ? p.getText().strip() : "?";
                default -> wrong = wrong != null ? wrong : "unknown field \"" + printable(field) + "\": send url, count and date";
            }
            p.skipChildren();
        }
        if (wrong != null) {
            problem(line, wrong);
        } else if (url == null) {
            problem(line, "url is missing or not a string");
        } else if (count == null) {
            problem(line, "count is missing: send a whole number such as \"count\": 42");
        } else {
            row(spool, line, url, count, date);
        }
    }

    private void row(Spool spool, long line, String url, String count, String date) throws IOException {
        CounterKey key;
        try {
            key = AdminKeys.of(url);
        } catch (InvalidKey e) {
            problem(line, e.getMessage());
            return;
        }
        long n = count(count);
        if (n < 0) {
            problem(line, "count must be a whole number from 0 to " + MAX_COUNT + ", not '" + printable(count) + "'");
            return;
        }
        String day = null;
        if (!date.isEmpty()) {
            try {
                LocalDate d = LocalDate.parse(date);
                if (d.isAfter(today)) {
                    problem(line, "date " + date + " is in the future (UTC)");
                    return;
                }
                if (d.isBefore(FIRST_DAY)) {
                    problem(line, "date " + date + " is before 1970-01-01: send the day the hits were counted");
                    return;
                }
                day = d.toString();
            } catch (DateTimeParseException e) {
                problem(line, "date must be YYYY-MM-DD, not '" + printable(date) + "'");
                return;
            }
        }
        if (bad == 0) {
            spool.add(key, n, day, line); // once a line is bad nothing is applied: the rest are only checked
        }
    }

    private static long count(String text) {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long n = Long.parseLong(text);
        return n <= MAX_COUNT ? n : -1;
    }

    private void problem(long line, String reason) {
        bad++;
        if (problems.size() < MAX_REPORTED) {
            problems.add(new InvalidImport.Problem(line, reason));
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
