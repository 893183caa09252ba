package tally.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tally.admin.Admin;
import tally.admin.AdminKeys;
import tally.admin.InvalidImport;
import tally.count.CounterKey;

/**
 * Refuses a staged import whose summed lines (or lines added to stored counts) would take a total or a day past
 * {@link Admin#MAX_COUNT}: each line is within it, but an export of the result could not be imported again.
 * One query for both stores: it reads the transaction's temporary {@code import_rows}, which each fills its own way.
 */
public final class ImportCeiling {

    static final int MAX_REPORTED = 100;

    /** As the stores apply them: a counter's undated lines give its total, or, if it has none, its dated ones. */
    private static final String OVER = """
            WITH totals AS (
                SELECT kind, key,
                       CASE WHEN count(day) < count(*) THEN sum(CASE WHEN day IS NULL THEN count END) ELSE sum(count) END AS total,
                       CASE WHEN count(day) < count(*) THEN max(CASE WHEN day IS NULL THEN line END) ELSE max(line) END AS line
                FROM import_rows GROUP BY kind, key
            ), days AS (
                SELECT kind, key, day, sum(count) AS total, max(line) AS line
                FROM import_rows WHERE day IS NOT NULL GROUP BY kind, key, day
            )
            SELECT t.line, t.kind, t.key, NULL AS day, t.total + CASE WHEN ? = 1 THEN coalesce(c.count, 0) ELSE 0 END AS result
            FROM totals t LEFT JOIN counters c ON c.kind = t.kind AND c.key = t.key
            WHERE t.total + CASE WHEN ? = 1 THEN coalesce(c.count, 0) ELSE 0 END > ?
            UNION ALL
            SELECT d.line, d.kind, d.key, d.day, d.total + CASE WHEN ? = 1 THEN coalesce(h.hits, 0) ELSE 0 END
            FROM days d LEFT JOIN counters c ON c.kind = d.kind AND c.key = d.key
            LEFT JOIN daily_hits h ON h.counter_id = c.id AND h.day = d.day
            WHERE d.total + CASE WHEN ? = 1 THEN coalesce(h.hits, 0) ELSE 0 END > ?
            ORDER BY 1
            """;

    private ImportCeiling() {
    }

    /** Throws InvalidImport, naming the line that goes past the maximum for each counter or day, if any would. */
    public static void check(Connection c, boolean add) throws SQLException {
        List<InvalidImport.Problem> problems = new ArrayList<>();
        long over = 0;
        try (PreparedStatement s = c.prepareStatement(OVER)) {
            for (int i : new int[] {1, 4}) {
                s.setInt(i, add ? 1 : 0);
                s.setInt(i + 1, add ? 1 : 0);
                s.setLong(i + 2, Admin.MAX_COUNT);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (over++ < MAX_REPORTED) {
                        problems.add(new InvalidImport.Problem(rs.getLong(1), reason(rs, add)));
                    }
                }
            }
        }
        if (over > 0) {
            throw InvalidImport.overTheMaximum(problems, over);
        }
    }

    private static String reason(ResultSet rs, boolean add) throws SQLException {
        String key = AdminKeys.text(new CounterKey(CounterKey.Kind.ofColumn(rs.getString(2)), rs.getString(3)));
        String day = rs.getString(4);
        return key + (day == null ? "" : " on " + day) + " would count " + rs.getLong(5)
                + (add ? " with the stored count" : " with the other lines naming it") + ", more than the maximum " + Admin.MAX_COUNT;
    }
}
