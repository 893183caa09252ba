package tally.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static tally.store.postgres.DayListsSite.D0;
import static tally.store.postgres.DayListsSite.DAY;
import static tally.store.postgres.DayListsSite.H;
import static tally.store.postgres.DayListsSite.view;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tally.store.postgres.DayListsSite.Instance;

/**
 * One instance adds a day to the day lists while another commits a view of that day, in either order of their
 * locks, held there by a transaction of the test's own: the view is in the day's list once.
 */
class PostgresDayListsRaceTest {

    private static final long DAY_ONE = D0 + DAY;

    private DayListsSite site;
    private ExecutorService threads;
    private Instance adder;
    private Instance writer;
    private long viewsOfDay;

    @BeforeEach
    void theFirstDayIsInTheSecondIsOver() {
        threads = Executors.newFixedThreadPool(2);
        site = new DayListsSite();
        adder = site.instance();
        writer = site.instance();
        adder.fiveDays();
        adder.addDays(D0 + DAY + 600);
        assertThat(site.until()).isEqualTo(DAY_ONE);
        viewsOfDay = site.pageViews(DAY_ONE);
    }

    @AfterEach
    void dropIt() {
        threads.shutdownNow();
        if (site != null) {
            site.close();
        }
    }

    /** Two views of the second day, committed by the other instance 700 s after the day ended. */
    private Future<?> lateViews() {
        return threads.submit(() -> writer.commit(D0 + 2 * DAY + 700, view(DAY_ONE + 5 * H, 1), view(DAY_ONE + 5 * H, 2)));
    }

    @Test
    void aViewCommittedWhileItsDayIsBeingAddedIsInItsListOnce() throws Exception {
        Future<Boolean> adding;
        Future<?> late;
        try (Connection x = site.connection()) {
            // x holds a row the adder will insert: the adder stops there, holding the watermark, its day's hours read
            x.setAutoCommit(false);
            try (Statement s = x.createStatement()) {
                s.execute("INSERT INTO analytics_day_lists VALUES ('a.example', 'page', " + DAY_ONE + ", '/a', 0)");
            }
            adding = threads.submit(() -> adder.ledger().addOneDayList(D0 + 2 * DAY + 600));
            awaitWaiting(1, adding);
            late = lateViews();
            // the batch waits for the adder's commit, then reads the new watermark
            awaitWaiting(2, late);
            x.rollback();
        }
        assertThat(adding.get(10, TimeUnit.SECONDS)).isFalse();
        late.get(10, TimeUnit.SECONDS);
        assertThat(site.until()).isEqualTo(D0 + 2 * DAY);
        assertThat(site.pageViews(DAY_ONE)).isEqualTo(viewsOfDay + 2);
        assertThat(site.mismatches(DAY_ONE)).isZero();
    }

    @Test
    void aDayIsAddedOnlyOnceABatchHoldingOneOfItsViewsHasCommitted() throws Exception {
        Future<?> late;
        try (Connection x = site.connection()) {
            // x holds the hour the batch adds to: the batch stops there, holding the watermark's share lock
            x.setAutoCommit(false);
            try (Statement s = x.createStatement()) {
                s.execute("INSERT INTO analytics_hours VALUES ('a.example', " + (DAY_ONE + 5 * H) + ", 0, 0, 0)");
            }
            late = lateViews();
            awaitWaiting(1, late);
            Future<Boolean> adding = threads.submit(() -> adder.ledger().addOneDayList(D0 + 2 * DAY + 600));
            // the adder does not wait for the batch: it leaves its turn
            assertThat(adding.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(site.until()).isEqualTo(DAY_ONE);
            x.rollback();
        }
        late.get(10, TimeUnit.SECONDS);
        adder.addDays(D0 + 2 * DAY + 600);
        assertThat(site.until()).isEqualTo(D0 + 2 * DAY);
        assertThat(site.pageViews(DAY_ONE)).isEqualTo(viewsOfDay + 2);
        assertThat(site.mismatches(DAY_ONE)).isZero();
    }

    /** Until {@code n} sessions of the test's database wait for a lock, or the task ended (then the assertions tell). */
    private void awaitWaiting(int n, Future<?> task) throws InterruptedException {
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
        for (int i = 0; i < 1_000; i++) {
            if (site.pg.number(waiting) >= n || task.isDone()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("no session waited for a lock");
    }
}
