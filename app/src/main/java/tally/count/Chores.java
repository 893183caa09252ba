package tally.count;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tally.StorageException;

/**
 * The hit writer's housekeeping between batches, off the request path: expired refresh tokens are deleted
 * and analytics hours past the retention rolled up into days, once a minute, a step at a time, and step
 * after step between batches while a backlog lasts.
 */
final class Chores {

    private static final Logger log = LoggerFactory.getLogger(Chores.class);
    private static final long EVERY_MS = 60_000;
    /** Rows deleted per purge step: small enough that a step never holds up hits for long. */
    static final int PURGE_STEP = 5_000;

    private final Ledger ledger;
    private final Duration window;
    private final Clock clock;
    private final Duration retention;
    private long nextPurge;
    private long nextRollUp;

    /** With {@code retention} null, page-view hours are never rolled up. */
    Chores(Ledger ledger, Duration window, Clock clock, Duration retention) {
        this.ledger = ledger;
        this.window = window;
        this.clock = clock;
        this.retention = retention;
        this.nextPurge = clock.millis() + EVERY_MS;
        this.nextRollUp = clock.millis();
    }

    void runIfDue() {
        long now = clock.millis();
        if (now >= nextPurge) {
            purge(now);
        }
        if (retention != null && now >= nextRollUp) {
            rollUp(now);
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
