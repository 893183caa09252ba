package tally.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.StorageException;
import tally.admin.CounterStore.Row;
import tally.admin.CounterStore;
import tally.count.CounterKey;
import tally.count.CounterState;
import tally.count.History;
import tally.count.Hit;
import tally.count.Token;
import tally.count.Tokens;
import tally.count.UrlKeys;

/**
 * The admin's storage (imports, edits, deletes, reads, lists, exports, kept settings), one set of cases that
 * every backend runs (SqliteCounterStoreTest, postgres.PostgresCounterStoreTest), so their answers are shown equal.
 */
public abstract class CounterStoreContract {

    protected static final String TODAY = "2026-11-21";
    protected static final long NOW = 1_795_262_400_000L; // 2026-11-21T12:00:00Z
    private static final CounterKey A = UrlKeys.url("example.com/a");
    private static final CounterKey B = UrlKeys.url("example.com/b");
    private static final CounterKey PAGE_A = UrlKeys.pageId("example.com/a");

    /** One backend's classes on a fresh, empty database; every method runs in a transaction of its own. */
    public interface Stores extends AutoCloseable {
        List<CounterState> importRows(Iterable<Row> rows, boolean add, long[] counters) throws Exception;

        List<CounterState> set(CounterKey key, long count) throws Exception;

        List<CounterState> delete(CounterKey key) throws Exception;

        /** Counts the hits at {@code now} on {@code day} through the backend's hit path. */
        List<CounterState> hits(long now, String day, List<Hit> hits) throws Exception;

        CounterState countOf(CounterKey key, String day);

        List<History.Day> dailyHits(CounterKey key, String firstDay);

        boolean answers();

        CounterStore.Page page(String q, String sort, int limit, long offset);

        void export(CounterStore.Sink sink) throws IOException;

        String keep(String name, String fresh);

        /** The refresh token of a browser that sends this cookie. */
        Token token(String cookie);

        /** Runs a query that answers one number. */
        long number(String sql);

        @Override
        void close();
    }

    /** The contract over a backend's Storage, the interfaces the server itself uses; {@code dispose} runs after it closes. */
    public record StorageStores(Storage storage, ToLongFunction<String> numbers, Runnable dispose) implements Stores {

        @Override
        public List<CounterState> importRows(Iterable<Row> rows, boolean add, long[] counters) {
            return storage.counters().importRows(rows, add, NOW, TODAY, counters);
        }

        @Override
        public List<CounterState> set(CounterKey key, long count) {
            return storage.counters().set(key, count, NOW, TODAY);
        }

        @Override
        public List<CounterState> delete(CounterKey key) {
            return storage.counters().delete(key);
        }

        @Override
        public List<CounterState> hits(long now, String day, List<Hit> hits) {
            return storage.ledger().commit(hits, List.of(), now, now - 300_000, day);
        }

        @Override
        public CounterState countOf(CounterKey key, String day) {
            return storage.reads().countOf(key, day);
        }

        @Override
        public List<History.Day> dailyHits(CounterKey key, String firstDay) {
            return storage.reads().dailyHits(key, firstDay);
        }

        @Override
        public boolean answers() {
            return storage.reads().answers();
        }

        @Override
        public CounterStore.Page page(String q, String sort, int limit, long offset) {
            return storage.counters().page(q, sort, limit, offset, TODAY);
        }

        @Override
        public void export(CounterStore.Sink sink) throws IOException {
            storage.counters().export(sink);
        }

        @Override
        public String keep(String name, String fresh) {
            return storage.settings().keep(name, fresh);
        }

        @Override
        public Token token(String cookie) {
            return new Tokens(storage.tokenSecret(), Clock.systemUTC()).fromCookie(cookie);
        }

        @Override
        public long number(String sql) {
            return numbers.applyAsLong(sql);
        }

        @Override
        public void close() {
            storage.close();
            dispose.run();
        }
    }

    /** Opens the backend on a fresh database. */
    protected abstract Stores open() throws Exception;

    protected Stores stores;

    @BeforeEach
    void openStores() throws Exception {
        stores = open();
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.close();
        }
    }

    private static Row total(CounterKey key, long count) {
        return new Row(key, count, null);
    }

    private static Row day(CounterKey key, long hits, String day) {
        return new Row(key, hits, day);
    }

    private List<CounterState> importRows(boolean add, Row... rows) throws Exception {
        return stores.importRows(List.of(rows), add, new long[1]);
    }

    private void hit(CounterKey key) throws Exception {
        stores.hits(NOW, TODAY, List.of(new Hit(key, null, false)));
    }

    private String footprint() {
        return stores.number("SELECT count(*) FROM counters") + "/" + stores.number("SELECT coalesce(sum(count), 0) FROM counters")
                + "/" + stores.number("SELECT count(*) FROM daily_hits") + "/" + stores.number("SELECT count(*) FROM refresh_tokens");
    }

    /** What an export handed over, one line per counter or day. */
    private List<String> exported() throws IOException {
        List<String> lines = new ArrayList<>();
        stores.export(new CounterStore.Sink() {
            @Override
            public void counter(CounterKey key, long count) {
                lines.add(key.kind().column() + " " + key.key() + " " + count);
            }

            @Override
            public void day(CounterKey key, String day, long hits) {
                lines.add(key.kind().column() + " " + key.key() + " " + day + " " + hits);
            }
        });
        return lines;
    }

    private List<String> keys(CounterStore.Page page) {
        return page.counters().stream().map(l -> l.key().key()).toList();
    }

    @Test
    public void aCounterNeverCountedHasNoTallyAndNoDays() {
        assertThat(stores.answers()).isTrue();
        assertThat(stores.countOf(A, TODAY)).isNull();
        assertThat(stores.dailyHits(A, "2026-01-01")).isEmpty();
    }

    @Test
    public void countOfAnswersTheTotalAndTheHitsOfTheGivenDay() throws Exception {
        stores.hits(NOW - 86_400_000, "2026-11-20", List.of(new Hit(A, null, false), new Hit(A, null, false)));
        hit(A);
        assertThat(stores.countOf(A, TODAY)).isEqualTo(new CounterState(A, 3, 1, false));
        assertThat(stores.countOf(A, "2026-11-20")).isEqualTo(new CounterState(A, 3, 2, false));
        assertThat(stores.countOf(A, "2026-11-22")).isEqualTo(new CounterState(A, 3, 0, false));
        assertThat(stores.countOf(PAGE_A, TODAY)).as("a page_id is not the URL of the same text").isNull();
    }

    @Test
    public void dailyHitsStartAtTheFirstDayOldestFirst() throws Exception {
        importRows(false, day(A, 4, "2026-11-19"), day(A, 5, "2026-10-31"), day(A, 6, "2026-11-21"), day(B, 7, "2026-11-20"));
        assertThat(stores.dailyHits(A, "2026-11-01")).containsExactly(
                new History.Day(java.time.LocalDate.parse("2026-11-19"), 4),
                new History.Day(java.time.LocalDate.parse("2026-11-21"), 6));
        assertThat(stores.dailyHits(A, "2026-11-22")).isEmpty();
    }

    @Test
    public void linesOfOneCounterAreSummedAndDatedLinesAloneGiveTheTotal() throws Exception {
        importRows(false, total(A, 10), total(A, 5), day(A, 2, TODAY),
                day(B, 5, "2026-11-20"), day(B, 6, TODAY), day(B, 1, TODAY), total(PAGE_A, 99));
        assertThat(stores.countOf(A, TODAY)).as("undated lines give the total, dated ones only days")
                .isEqualTo(new CounterState(A, 15, 2, false));
        assertThat(stores.countOf(B, TODAY)).isEqualTo(new CounterState(B, 12, 7, false));
        assertThat(stores.countOf(PAGE_A, TODAY)).isEqualTo(new CounterState(PAGE_A, 99, 0, false));
    }

    @Test
    public void anImportAnswersTheCountersItChangedAndHowManyItNamed() throws Exception {
        hit(A);
        long[] counters = new long[1];
        List<CounterState> changed = stores.importRows(List.of(total(A, 40), day(A, 3, TODAY), total(B, 2), total(B, 3)), false, counters);
        assertThat(counters[0]).isEqualTo(2);
        assertThat(changed).containsExactlyInAnyOrder(new CounterState(A, 40, 3, true), new CounterState(B, 5, 0, true));
    }

    @Test
    public void modeAddAddsToTotalsAndDaysAndReplaceOnlyTheDaysNamed() throws Exception {
        importRows(false, total(A, 10), day(A, 2, TODAY), day(A, 9, "2026-11-20"));
        importRows(true, day(A, 5, TODAY), total(B, 1));
        assertThat(stores.countOf(A, TODAY)).isEqualTo(new CounterState(A, 15, 7, false));
        importRows(false, total(A, 100), day(A, 1, TODAY));
        assertThat(stores.countOf(A, TODAY)).isEqualTo(new CounterState(A, 100, 1, false));
        assertThat(stores.countOf(A, "2026-11-20").today()).as("a day the import does not name is kept").isEqualTo(9);
        assertThat(stores.countOf(B, TODAY)).isEqualTo(new CounterState(B, 1, 0, false));
    }

    @Test
    public void anImportThatFailsHalfWayAppliesNothing() throws Exception {
        importRows(false, total(A, 5));
        String before = footprint();
        Iterable<Row> failing = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Row next() {
                if (++n > 3) {
                    throw new StorageException("the spool could not be read", null);
                }
                return total(n == 1 ? A : UrlKeys.url("example.com/new" + n), 100);
            }
        };
        assertThatThrownBy(() -> stores.importRows(failing, false, new long[1])).hasMessageContaining("spool");
        assertThat(footprint()).isEqualTo(before);
        assertThat(stores.countOf(A, TODAY).count()).isEqualTo(5);
    }

    @Test
    public void setReplacesTheTotalKeepsTheDaysAndCreatesAMissingCounter() throws Exception {
        hit(A);
        hit(A);
        assertThat(stores.set(A, 1234)).containsExactly(new CounterState(A, 1234, 2, true));
        assertThat(stores.countOf(A, TODAY)).isEqualTo(new CounterState(A, 1234, 2, false));
        assertThat(stores.set(PAGE_A, 7)).containsExactly(new CounterState(PAGE_A, 7, 0, true));
        hit(A);
        assertThat(stores.countOf(A, TODAY)).isEqualTo(new CounterState(A, 1235, 3, false));
        assertThat(stores.page("", "key", 10, 0).counters()).extracting(l -> l.key().kind(), CounterStore.Listed::count)
                .containsExactly(tuple(CounterKey.Kind.PAGE, 7L), tuple(CounterKey.Kind.URL, 1235L));
    }

    @Test
    public void deleteRemovesTheCounterWithItsDaysAndTokensAndAHitStartsItAgain() throws Exception {
        stores.hits(NOW, TODAY, List.of(new Hit(A, null, false), new Hit(B, null, false)));
        stores.hits(NOW, TODAY, List.of(new Hit(A, stores.token("token-one-aaaaaaaaaaaa"), false)));
        importRows(false, total(A, 50), day(A, 3, "2026-11-01"));
        assertThat(stores.delete(A)).containsExactly(new CounterState(A, 0, 0, true));
        assertThat(footprint()).isEqualTo("1/1/1/0");
        assertThat(stores.countOf(A, TODAY)).isNull();
        assertThat(stores.dailyHits(A, "2026-01-01")).isEmpty();
        assertThat(stores.delete(A)).as("nothing left to delete").isEmpty();
        hit(A);
        assertThat(stores.countOf(A, TODAY)).isEqualTo(new CounterState(A, 1, 1, false));
        assertThat(stores.countOf(B, TODAY)).isEqualTo(new CounterState(B, 1, 1, false));
    }

    @Test
    public void listsSearchSortAndPage() throws Exception {
        importRows(false, total(UrlKeys.url("a.example/x"), 5), total(UrlKeys.url("b.example/x"), 50),
                day(UrlKeys.url("b.example/y"), 20, TODAY), total(UrlKeys.url("c.example/z"), 1));
        hit(UrlKeys.url("c.example/z"));
        CounterStore.Page all = stores.page("", "count", 50, 0);
        assertThat(all.total()).isEqualTo(4);
        assertThat(keys(all)).containsExactly("b.example/x", "b.example/y", "a.example/x", "c.example/z");
        assertThat(keys(stores.page("", "key", 50, 0))).containsExactly("a.example/x", "b.example/x", "b.example/y", "c.example/z");
        assertThat(keys(stores.page("", "today", 50, 0))).containsExactly("b.example/y", "c.example/z", "b.example/x", "a.example/x");
        CounterStore.Page last = stores.page("", "last", 50, 0);
        assertThat(last.counters()).extracting(CounterStore.Listed::lastHit).containsExactly(NOW, null, null, null);
        assertThat(keys(last)).containsExactly("c.example/z", "a.example/x", "b.example/x", "b.example/y");
        CounterStore.Page page = stores.page("B.EXAMPLE", "key", 1, 1);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.counters()).containsExactly(new CounterStore.Listed(UrlKeys.url("b.example/y"), 20, 20, null));
        assertThat(stores.page("nothing", "count", 10, 0)).isEqualTo(new CounterStore.Page(0, List.of()));
    }

    @Test
    public void keysSortByTheirBytesNotByTheDatabasesLanguage() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String id : List.of("b", "é", "ab", "B", "a-c")) {
            rows.add(total(UrlKeys.pageId(id), 1));
        }
        stores.importRows(rows, false, new long[1]);
        assertThat(keys(stores.page("", "key", 10, 0))).containsExactly("B", "a-c", "ab", "b", "é");
    }

    @Test
    public void anExportGivesEveryCounterThenItsDaysAndImportsBackTheSame() throws Exception {
        importRows(false, total(A, 40), day(A, 4, "2026-11-02"), day(A, 3, "2026-11-01"), total(UrlKeys.url("odd.example/x,y"), 2),
                total(PAGE_A, 9));
        hit(A);
        List<String> lines = exported();
        assertThat(lines).containsExactly("page example.com/a 9", "url example.com/a 41", "url example.com/a 2026-11-01 3",
                "url example.com/a 2026-11-02 4", "url example.com/a 2026-11-21 1", "url odd.example/x,y 2");
        List<Row> rows = new ArrayList<>();
        stores.export(new CounterStore.Sink() {
            @Override
            public void counter(CounterKey key, long count) {
                rows.add(total(key, count));
            }

            @Override
            public void day(CounterKey key, String day, long hits) {
                rows.add(CounterStoreContract.day(key, hits, day));
            }
        });
        stores.close();
        stores = open();
        stores.importRows(rows, false, new long[1]);
        assertThat(exported()).isEqualTo(lines);
    }

    @Test
    public void manyLinesImportInOneTransaction() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(total(UrlKeys.url("site" + i % 1000 + ".example/p" + i), i % 89));
        }
        for (int i = 0; i < 10_000; i++) {
            rows.add(day(UrlKeys.url("site" + i / 2 % 1000 + ".example/p" + i / 2), i % 97, "2026-11-" + (20 + i % 2)));
        }
        long[] counters = new long[1];
        stores.importRows(rows, false, counters);
        assertThat(counters[0]).isEqualTo(20_000);
        assertThat(stores.number("SELECT count(*) FROM counters")).isEqualTo(20_000);
        assertThat(stores.number("SELECT sum(count) FROM counters")).isEqualTo(rows.stream().filter(r -> r.day() == null).mapToLong(Row::count).sum());
        assertThat(stores.number("SELECT sum(hits) FROM daily_hits")).isEqualTo(rows.stream().filter(r -> r.day() != null).mapToLong(Row::count).sum());
        assertThat(stores.countOf(UrlKeys.url("site7.example/p4007"), TODAY)).isEqualTo(new CounterState(UrlKeys.url("site7.example/p4007"), 4007 % 89, 8015 % 97, false));
    }

    @Test
    public void keepStoresTheFirstValueAndAnswersItAfter() {
        assertThat(stores.keep("admin_token", "first")).isEqualTo("first");
        assertThat(stores.keep("admin_token", "second")).isEqualTo("first");
        assertThat(stores.keep("other", "second")).isEqualTo("second");
    }
}
