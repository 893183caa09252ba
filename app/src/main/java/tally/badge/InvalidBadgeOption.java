package tally.badge;

/** A badge parameter with a value we cannot draw; the message says what to send instead. */
public final class InvalidBadgeOption extends IllegalArgumentException {
    private final String reason;

    InvalidBadgeOption(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A few words for the error badge, e.g. "bad color". */
    public String reason() {
        return reason;
    }
}
