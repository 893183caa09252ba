package tally;

/** A storage failure (disk full, read-only file, locked database); answered with 503 and logged. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
