package tally.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.StorageException;
import tally.analytics.AnalyticsStore.Entry;
import tally.analytics.AnalyticsStore.Point;
import tally.analytics.Dimension;
import tally.analytics.Filter;
import tally.analytics.View;
import tally.count.CounterState;
import tally.count.Hit;
import tally.count.UrlKeys;

/**
 * Page views on SQLite go to a journal first and are added up into the aggregates later: the reports must
 * give the same answers before, between and after, and nothing committed may be lost on the way.
 */
class SqliteLedgerTest {

    private static final long H = 3_600;
    /** 2025-12-01T00:00Z. */
    private static final long D0 = 20_423 * 86_400L;

    @TempDir
    Path dir;

    private static View view(String page, String title, String country, boolean newVisitor) {
        return new View("a.example", D0 + H, page, title, false, false, newVisitor, newVisitor, newVisitor, "news.example",
                "Firefox", "133", "Windows", "desktop", country, "1280x720");
    }

    private static View bot() {
        return new View("a.example", D0 + H, null, null, true, false, false, false, false, null, null, null, null, null, null, null);
    }

    private static View privately() {
        return new View("a.example", D0 + H, null, null, false, true, false, false, false, null, null, null, null, null, null, null);
    }

    @Test
    void viewsAreReportedAlikeInTheJournalHalfAddedUpAndAllAddedUp() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            AnalyticsSql store = new AnalyticsSql(db);
            ledger.commit(List.of(), List.of(view("/a", "Old title", "DE", true), view("/b", null, "FR", false), bot()), 0, 0, "2025-12-01");
            assertThat(rows(db, "analytics_pending")).isEqualTo(3);
            assertThat(rows(db, "analytics_hours")).isZero();
            String inJournal = report(store);

            ledger.settle();
            assertThat(rows(db, "analytics_pending")).isZero();
            assertThat(report(store)).isEqualTo(inJournal);

            ledger.commit(List.of(), List.of(view("/a", "New title", "DE", false), privately()), 0, 0, "2025-12-01");
            assertThat(rows(db, "analytics_pending")).isEqualTo(2);
            String halfway = report(store);
            ledger.settle();
            assertThat(report(store)).isEqualTo(halfway);

            assertThat(store.totals("a.example", D0, D0 + 2 * H)).containsExactly(new Point(D0 + H, 4, 1L, 1L));
            assertThat(store.topPages("a.example", null, D0, D0 + 2 * H, 10))
                    .containsExactly(new Entry("/a", "New title", 2), new Entry("/b", null, 1));
            assertThat(store.top("a.example", Dimension.COUNTRY, null, D0, D0 + 2 * H, 10))
                    .containsExactly(new Entry("DE", null, 2), new Entry("FR", null, 1));
            assertThat(store.top("a.example", Dimension.COUNTRY, new Filter(Dimension.REFERRER, "news.example"), D0, D0 + 2 * H, 10))
                    .containsExactly(new Entry("DE", null, 2), new Entry("FR", null, 1));
            assertThat(store.filtered("a.example", new Filter(Dimension.COUNTRY, "DE"), D0, D0 + 2 * H))
                    .containsExactly(new Point(D0 + H, 2, 1L, null));
        }
    }

    @Test
    void theLatestTitleInTheJournalIsShownBeforeItIsAddedUp() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            ledger.commit(List.of(), List.of(view("/a", "Stored title", "DE", true)), 0, 0, "2025-12-01");
            ledger.settle();
            ledger.commit(List.of(), List.of(view("/a", "Newer", "DE", false), view("/a", "Newest", "DE", false),
                    view("/a", "", "DE", false)), 0, 0, "2025-12-01");
            assertThat(new AnalyticsSql(db).topPages("a.example", null, D0, D0 + 2 * H, 10))
                    .containsExactly(new Entry("/a", "Newest", 4));
        }
    }

    @Test
    void aCommitAddsUpTheJournalOnceItHoldsFiftyThousandViews() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            List<View> views = new ArrayList<>();
            for (int i = 0; i < SqliteLedger.FOLD_AT - 1; i++) {
                views.add(view("/p" + i % 7, null, "DE", i % 3 == 0));
            }
            ledger.commit(List.of(), views, 0, 0, "2025-12-01");
            assertThat(rows(db, "analytics_pending")).isEqualTo(SqliteLedger.FOLD_AT - 1);

            ledger.commit(List.of(), List.of(view("/p0", null, "FR", false)), 0, 0, "2025-12-01");
            assertThat(rows(db, "analytics_pending")).as("the new batch's view").isEqualTo(1);
            assertThat(rows(db, "analytics_hours")).isEqualTo(1);
            assertThat(new AnalyticsSql(db).totals("a.example", D0, D0 + 2 * H))
                    .containsExactly(new Point(D0 + H, SqliteLedger.FOLD_AT, (long) (SqliteLedger.FOLD_AT + 2) / 3, 0L));
        }
    }

    @Test
    void aCommitAddsUpTheJournalOnceItsViewsRaiseTwentyThousandBuckets() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            int views = 0;
            while (ledger.heldInMemory() < SqliteLedger.FOLD_BUCKETS) {
                List<View> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(view("/p" + views++, "Page " + views, "DE", false)); // a page of its own: ten buckets
                }
                ledger.commit(List.of(), batch, 0, 0, "2025-12-01");
            }
            assertThat(views).isLessThan(SqliteLedger.FOLD_AT);
            assertThat(rows(db, "analytics_pending")).isEqualTo(views);

            ledger.commit(List.of(), List.of(view("/p0", null, "FR", false)), 0, 0, "2025-12-01");
            assertThat(rows(db, "analytics_pending")).as("the new batch's view").isEqualTo(1);
            assertThat(new AnalyticsSql(db).totals("a.example", D0, D0 + 2 * H))
                    .containsExactly(new Point(D0 + H, views + 1L, 0L, 0L));
        }
    }

    @Test
    void hitsAndViewsAreStillCommittedWhileAddingUpFailsAndTheViewsAreAddedUpOnceItWorks() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            db.inTransaction(c -> c.createStatement().executeUpdate(
                    "CREATE TRIGGER broken BEFORE INSERT ON analytics_hours BEGIN SELECT RAISE(ABORT, 'broken'); END"));
            List<View> views = new ArrayList<>();
            for (int i = 0; i < SqliteLedger.FOLD_AT; i++) {
                views.add(view("/a", null, "DE", false));
            }
            ledger.commit(List.of(), views, 0, 0, "2025-12-01");
            assertThatThrownBy(ledger::settle).isInstanceOf(StorageException.class).hasMessageContaining("broken");

            List<CounterState> tallies = ledger.commit(List.of(new Hit(UrlKeys.url("example.com/a"), null, false)),
                    List.of(view("/b", null, "FR", false)), 1_000, 0, "2025-12-01");
            assertThat(tallies).extracting(CounterState::count).containsExactly(1L);
            assertThat(rows(db, "analytics_pending")).isEqualTo(SqliteLedger.FOLD_AT + 1);
            assertThat(new AnalyticsSql(db).totals("a.example", D0, D0 + 2 * H))
                    .containsExactly(new Point(D0 + H, SqliteLedger.FOLD_AT + 1, 0L, 0L));

            db.inTransaction(c -> c.createStatement().executeUpdate("DROP TRIGGER broken"));
            ledger.settle();
            assertThat(rows(db, "analytics_pending")).isZero();
            assertThat(rows(db, "analytics_hours")).isEqualTo(1);
            assertThat(new AnalyticsSql(db).totals("a.example", D0, D0 + 2 * H))
                    .containsExactly(new Point(D0 + H, SqliteLedger.FOLD_AT + 1, 0L, 0L));
        }
    }

    @Test
    void whileAddingUpFailsTheViewsWaitOnDiskNotInMemoryAndAreAllAddedUpLater() throws Exception {
        try (Database db = Database.open(dir.resolve("tally.db"), false)) {
            SqliteLedger ledger = new SqliteLedger(db);
            db.inTransaction(c -> c.createStatement().executeUpdate(
                    "CREATE TRIGGER broken BEFORE INSERT ON analytics_values BEGIN SELECT RAISE(ABORT, 'broken'); END"));
            int batches = SqliteLedger.HELD_MAX / 10_000 + 4; // each view has a page of its own: ten buckets
            for (int b = 0; b < batches; b++) {
                List<View> views = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    views.add(view("/p" + (b * 1_000 + i), "T" + i % 11, i % 2 == 0 ? "DE" : "FR", i == 0));
                }
                ledger.commit(List.of(), views, 0, 0, "2025-12-01"); // each tries to add up the last ones, and fails
            }
            assertThat(rows(db, "analytics_pending")).isEqualTo(batches * 1_000L);
            assertThat(ledger.heldInMemory()).as("buckets kept in memory, once there were too many").isZero();
            String inJournal = report(new AnalyticsSql(db));

            db.inTransaction(c -> c.createStatement().executeUpdate("DROP TRIGGER broken"));
            ledger.settle();
            assertThat(rows(db, "analytics_pending")).isZero();
            assertThat(report(new AnalyticsSql(db))).isEqualTo(inJournal);
            assertThat(new AnalyticsSql(db).totals("a.example", D0, D0 + 2 * H))
                    .containsExactly(new Point(D0 + H, batches * 1_000L, (long) batches, 0L));
        }
    }

    @Test
    void aLedgerOpenedOnTheJournalAStoppedProcessLeftAddsItsViewsUp() throws Exception {
        Path file = dir.resolve("tally.db");
        try (Database db = Database.open(file, false)) {
            new SqliteLedger(db).commit(List.of(), List.of(view("/a", "Title", "DE", true), bot()), 0, 0, "2025-12-01");
        }
        try (Database db = Database.open(file, false)) {
            assertThat(rows(db, "analytics_pending")).as("left by the first process").isEqualTo(2);
            new SqliteLedger(db).settle();
            assertThat(rows(db, "analytics_pending")).isZero();
            assertThat(new AnalyticsSql(db).totals("a.example", D0, D0 + 2 * H)).containsExactly(new Point(D0 + H, 1, 1L, 1L));
            assertThat(new AnalyticsSql(db).topPages("a.example", null, D0, D0 + 2 * H, 10)).containsExactly(new Entry("/a", "Title", 1));
        }
    }

    /** Every report of the test's site, as text, so two states of the database can be compared whole. */
    @Test
    void aJournalLeftBySchemaFiveIsReportedAndFoldedWithPairsAfterTheUpgrade() throws Exception {
        Path file = dir.resolve("tally.db");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String migration : Schema.MIGRATIONS.subList(0, 5)) {
                for (String statement : migration.split(";")) {
                    if (!statement.isBlank()) {
                        s.executeUpdate(statement);
                    }
                }
            }
            s.executeUpdate("PRAGMA user_version = 5");
            s.executeUpdate("""
                    INSERT INTO analytics_pending (site, hour, page, title, bot, opted_out, new_visitor, new_on_page,
                        referrer, browser, version, os, device, country, resolution)
                    VALUES ('a.example', %d, '/a', NULL, 0, 0, 1, 1, 'news.example', 'Firefox', '133', 'Linux', 'desktop', 'DE', NULL)
                    """.formatted(D0 + H));
        }
        try (Database db = Database.open(file, false)) {
            AnalyticsSql store = new AnalyticsSql(db);
            Filter de = new Filter(Dimension.COUNTRY, "DE");
            assertThat(store.top("a.example", Dimension.BROWSER, de, D0, D0 + 2 * H, 10)).containsExactly(new Entry("Firefox", null, 1));
            String inJournal = report(store);
            new SqliteLedger(db).settle();
            assertThat(rows(db, "analytics_pending")).isZero();
            assertThat(rows(db, "analytics_pairs")).isPositive();
            assertThat(report(store)).isEqualTo(inJournal);
        }
    }

    private static String report(AnalyticsSql store) {
        StringBuilder all = new StringBuilder();
        all.append(store.sites()).append(store.siteViews(0)).append(store.totals("a.example", D0, D0 + 2 * H));
        all.append(store.topPages("a.example", null, D0, D0 + 2 * H, 10));
        for (Dimension d : Dimension.values()) {
            all.append(d).append(store.top("a.example", d, null, D0, D0 + 2 * H, 10));
        }
        all.append(store.filtered("a.example", new Filter(Dimension.PAGE, "/a"), D0, D0 + 2 * H));
        for (Filter f : List.of(new Filter(Dimension.COUNTRY, "DE"), new Filter(Dimension.REFERRER, "news.example"),
                new Filter(Dimension.BROWSER, "Firefox"))) {
            all.append(f).append(store.filtered("a.example", f, D0, D0 + 2 * H));
            for (Dimension d : Dimension.LISTED) {
                all.append(d).append(store.top("a.example", d, f, D0, D0 + 2 * H, 10));
            }
        }
        return all.toString();
    }

    private static long rows(Database db, String table) throws SQLException {
        try (Connection c = db.reader(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
