package tally.analytics;

import java.util.List;
import java.util.Map;

/**
 * A report as CSV (RFC 4180), one table after another in the columns table, t, value, title, views,
 * uniques, bots. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
public final class Csv {

    private Csv() {
    }

    @SuppressWarnings("unchecked")
    public static String of(Map<String, Object> report) {
        StringBuilder out = new StringBuilder("table,t,value,title,views,uniques,bots\r\n");
        Map<String, Object> totals = (Map<String, Object>) report.get("totals");
        row(out, "totals", null, null, null, totals.get("views"), totals.get("uniques"), totals.get("bots"));
        for (Map<String, Object> p : (List<Map<String, Object>>) report.get("series")) {
            row(out, "series", p.get("t"), null, null, p.get("views"), p.get("uniques"), null);
        }
        ((Map<String, Object>) report.get("top")).forEach((table, items) -> {
            if (items != null) {
                for (Map<String, Object> item : (List<Map<String, Object>>) items) {
                    row(out, table, null, item.get("value"), item.get("title"), item.get("views"), null, null);
                }
            }
        });
        return out.toString();
    }

    private static void row(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (value instanceof String && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
