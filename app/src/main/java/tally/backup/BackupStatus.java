package tally.backup;

import java.time.Instant;

/**
 * The outcome of the scheduled backups so far, for the log and a future /metrics: when the last one ran,
 * whether it worked, its file or its error, when one last worked, and how many have failed.
 */
public record BackupStatus(Instant lastAttempt, boolean lastOk, String lastResult, Instant lastSuccess, long failures) {

    static final BackupStatus NONE = new BackupStatus(null, false, "no backup yet", null, 0);

    BackupStatus succeeded(Instant at, String file) {
        return new BackupStatus(at, true, file, at, failures);
    }

    BackupStatus failed(Instant at, String error) {
        return new BackupStatus(at, false, error, lastSuccess, failures + 1);
    }
}
