package tally.count;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.StorageException;
import tally.ThrottledLog;

/**
 * The hit writer's housekeeping between batches, off the request path: expired refresh tokens are deleted
 * analytics hours past the retention rolled up into days, and finished days added to the day lists that long
 * reports read, once a minute, a step at a time, and step after step between batches while a backlog lasts; and
 * when the writer is quiet, the ledger settles.
 */
final class Chores {

    private static final Logger log = LoggerFactory.getLogger(Chores.class);
    private static final long EVERY_MS = 60_000;
    /** Rows deleted per purge step: small enough that a step never holds up hits for long. */
    static final int PURGE_STEP = 5_000;
    /** A day is added to the day lists this long after it ended (s): views of its last seconds are folded by then. */
    static final long DAY_LIST_AFTER = 600;

    private final Ledger ledger;
    private final Duration window;
    private final Clock clock;
    private final Duration retention;
    private final ThrottledLog settleFailures = new ThrottledLog(log::warn, Duration.ofMinutes(1));
    private long nextPurge;
    private long nextRollUp;
    private long nextDayList;
    /** After the ledger failed to settle, it is not asked again before this (System.nanoTime). */
    private long settleAfter = System.nanoTime();

    /** With {@code retention} null, page-view hours are never rolled up. */
    Chores(Ledger ledger, Duration window, Clock clock, Duration retention) {
        this.ledger = ledger;
        this.window = window;
        this.clock = clock;
        this.retention = retention;
        this.nextPurge = clock.millis() + EVERY_MS;
        this.nextRollUp = clock.millis();
        this.nextDayList = clock.millis();
    }

    void runIfDue() {
        long now = clock.millis();
        if (now >= nextPurge) {
            purge(now);
        }
        if (retention != null && now >= nextRollUp) {
            rollUp(now);
        }
        if (now >= nextDayList) {
            addDayList(now);
        }
    }

    /** Lets the ledger fold what it held back, now that there is time; if that fails, it is asked again a second later. */
    void settle() {
        if (System.nanoTime() - settleAfter < 0) {
            return;
        }
        try {
            ledger.settle();
        } catch (StorageException e) {
            settleAfter = System.nanoTime() + 1_000_000_000L;
            settleFailures.log(e.getMessage());
        }
    }

    private void purge(long now) {
        try {
            int gone = ledger.forgetTokens(now - window.toMillis(), PURGE_STEP);
            nextPurge = gone == PURGE_STEP ? now : now + EVERY_MS;
        } catch (StorageException e) {
            nextPurge = now + EVERY_MS;
            log.warn("{}", e.getMessage());
        }
    }

    private void addDayList(long now) {
        try {
            boolean more = ledger.addOneDayList(now / 1000 - DAY_LIST_AFTER);
            nextDayList = more ? now : now + EVERY_MS;
        } catch (StorageException e) {
            nextDayList = now + EVERY_MS;
            log.warn("{}", e.getMessage());
        }
    }

    private void rollUp(long now) {
        long before = (now - retention.toMillis()) / 1000;
        try {
            boolean more = ledger.rollUpOneDay(before);
            nextRollUp = more ? now : now + EVERY_MS;
        } catch (StorageException e) {
            nextRollUp = now + EVERY_MS;
            log.warn("{}", e.getMessage());
        }
    }
}
