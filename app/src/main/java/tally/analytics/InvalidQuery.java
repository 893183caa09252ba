package tally.analytics;

/** A report request that cannot be answered as sent; the message says what to send instead (HTTP 400). */
public final class InvalidQuery extends RuntimeException {
    public InvalidQuery(String message) {
        super(message, null, false, false);
    }
}
