package tally.metrics;

import java.time.Instant;

/**
 * What the scheduled backups report to /metrics: when the last one ran and whether it worked, when one
 * last worked, and how many have failed. Null instants mean never.
 */
public record BackupReport(Instant lastAttempt, boolean lastOk, Instant lastSuccess, long failures) {

    /** No backup taken yet, or none scheduled. */
    public static final BackupReport NONE = new BackupReport(null, false, null, 0);
}
