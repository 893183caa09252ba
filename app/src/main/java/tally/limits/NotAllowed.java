package tally.limits;

/** A counter this server is not set up to count (TALLY_ALLOWED_HOSTS): answered 403 with the reason. */
public final class NotAllowed extends RuntimeException {

    public NotAllowed(String message) {
        super(message);
    }

    /** A few words for the error badge. */
    public String reason() {
        return "host not allowed";
    }
}
