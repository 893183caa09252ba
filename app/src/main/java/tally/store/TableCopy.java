package tally.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tally's tables, column by column, copied row by row between SQLite and PostgreSQL in batches, so memory
 * does not grow with the database. The two schemas have the same tables and columns; only a day (SQLite's
 * ISO text, PostgreSQL's DATE) and counters' ids (PostgreSQL's identity column) need care.
 */
public final class TableCopy {

    /** Rows read from the source and written to the target at a time. */
    static final int BATCH = 1_000;

    private enum Type { LONG, TEXT, BYTES, DAY }

    private record Column(String name, Type type) {
    }

    private record Table(String name, List<Column> columns) {

        String select() {
            return "SELECT " + String.join(", ", names()) + " FROM " + name;
        }

        /** Counters' ids are kept: refresh tokens and days refer to them. */
        String insert(boolean postgres) {
            String overriding = postgres && name.equals("counters") ? " OVERRIDING SYSTEM VALUE" : "";
            return "INSERT INTO " + name + " (" + String.join(", ", names()) + ")" + overriding
                    + " VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        }

        private List<String> names() {
            return columns.stream().map(Column::name).toList();
        }
    }

    /** In the order they are written: counters before the rows that refer to them. */
    private static final List<Table> TABLES = List.of(
            table("counters", "id", Type.LONG, "kind", Type.TEXT, "key", Type.TEXT, "count", Type.LONG,
                    "created_at", Type.LONG, "last_hit", Type.LONG),
            table("refresh_tokens", "token", Type.BYTES, "counter_id", Type.LONG, "counted_at", Type.LONG),
            table("daily_hits", "counter_id", Type.LONG, "day", Type.DAY, "hits", Type.LONG),
            table("settings", "name", Type.TEXT, "value", Type.BYTES),
            table("analytics_hours", "site", Type.TEXT, "hour", Type.LONG, "views", Type.LONG, "uniques", Type.LONG,
                    "bots", Type.LONG),
            table("analytics_values", "site", Type.TEXT, "hour", Type.LONG, "page", Type.TEXT, "dimension", Type.TEXT,
                    "value", Type.TEXT, "views", Type.LONG),
            table("analytics_titles", "site", Type.TEXT, "page", Type.TEXT, "title", Type.TEXT),
            table("analytics_pairs", "site", Type.TEXT, "hour", Type.LONG, "by_dimension", Type.TEXT, "by_value", Type.TEXT,
                    "dimension", Type.TEXT, "value", Type.TEXT, "views", Type.LONG));

    /** The tables whose rows are the user's data; settings hold only secrets a new database makes itself. */
    public static final List<String> DATA = TABLES.stream().map(Table::name).filter(t -> !t.equals("settings")).toList();

    private TableCopy() {
    }

    /** Rows per table, and the sums of counters.count and daily_hits.hits: what a move must keep. */
    public record Totals(Map<String, Long> rows, long counted, long dailyHits) {

        @Override
        public String toString() {
            return rows + ", " + counted + " counted hits and " + dailyHits + " daily hits";
        }
    }

    /**
     * Copies every row of every table; the target's settings (the secrets a new database made) are replaced by
     * the source's, so cookies, refresh tokens and the admin token stay valid. Returns the rows written per table.
     */
    static Map<String, Long> copy(Connection from, boolean fromPostgres, Connection to, boolean toPostgres)
            throws SQLException {
        try (Statement s = to.createStatement()) {
            s.executeUpdate("DELETE FROM settings");
        }
        Map<String, Long> written = new LinkedHashMap<>();
        for (Table table : TABLES) {
            written.put(table.name(), copy(table, from, fromPostgres, to, toPostgres));
        }
        return written;
    }

    private static long copy(Table table, Connection from, boolean fromPostgres, Connection to, boolean toPostgres)
            throws SQLException {
        long rows = 0;
        try (Statement read = from.createStatement(); PreparedStatement write = to.prepareStatement(table.insert(toPostgres))) {
            // PostgreSQL streams with a fetch size only inside a transaction, which the snapshot is.
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery(table.select())) {
                while (rs.next()) {
                    for (int i = 1; i <= table.columns().size(); i++) {
                        transfer(table.columns().get(i - 1).type(), rs, fromPostgres, write, toPostgres, i);
                    }
                    write.addBatch();
                    if (++rows % BATCH == 0) {
                        write.executeBatch();
                    }
                }
            }
            if (rows % BATCH != 0) {
                write.executeBatch();
            }
        } catch (SQLException e) {
            throw new SQLException("cannot copy " + table.name() + ": " + e.getMessage(), e.getSQLState(), e);
        }
        return rows;
    }

    private static void transfer(Type type, ResultSet rs, boolean fromPostgres, PreparedStatement write,
                                 boolean toPostgres, int i) throws SQLException {
        switch (type) {
            case LONG -> {
                long value = rs.getLong(i);
                if (rs.wasNull()) {
                    write.setNull(i, Types.BIGINT);
                } else {
                    write.setLong(i, value);
                }
            }
            case TEXT -> write.setString(i, rs.getString(i));
            case BYTES -> write.setBytes(i, rs.getBytes(i));
            case DAY -> {
                LocalDate day = fromPostgres ? rs.getObject(i, LocalDate.class) : LocalDate.parse(rs.getString(i));
                if (toPostgres) {
                    write.setObject(i, day);
                } else {
                    write.setString(i, day.toString());
                }
            }
        }
    }

    /** Counts each table's rows and adds up the counts and daily hits, in the connection's transaction. */
    public static Totals totals(Connection c) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (Table table : TABLES) {
                rows.put(table.name(), number(s, "SELECT count(*) FROM " + table.name()));
            }
            return new Totals(rows, number(s, "SELECT coalesce(sum(count), 0) FROM counters"),
                    number(s, "SELECT coalesce(sum(hits), 0) FROM daily_hits"));
        }
    }

    private static long number(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Table table(Object... nameThenColumns) {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i < nameThenColumns.length; i += 2) {
            columns.add(new Column((String) nameThenColumns[i], (Type) nameThenColumns[i + 1]));
        }
        return new Table((String) nameThenColumns[0], List.copyOf(columns));
    }
}
