package tally.live;

/** A live stream that cannot be opened now: too many streams (429) or the server is stopping (503). */
public final class Refused extends RuntimeException {

    private final int status;

    Refused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
