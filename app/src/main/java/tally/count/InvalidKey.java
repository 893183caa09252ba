package tally.count;

/** A counter key a client sent that cannot be used; the message says what to send instead. */
public final class InvalidKey extends IllegalArgumentException {

    private final String reason;

    public InvalidKey(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A few words for an error badge, such as "no url". */
    public String reason() {
        return reason;
    }
}
