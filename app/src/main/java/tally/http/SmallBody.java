package tally.http;

import io.javalin.http.Context;

/**
 * The check before a handler reads a small body whole (the sign-in form, a counter's new count): its length is
 * known and at most {@link #MAX}. Javalin would read up to a megabyte, and log a warning for each body beyond it.
 */
final class SmallBody {

    static final int MAX = 16 * 1024;

    /** A refusal to answer with: the status and what to send instead. */
    record Refusal(int status, String message) {
    }

    private SmallBody() {
    }

    /** Null when the body may be read (with neither Content-Length nor Transfer-Encoding, it is empty); else why not. */
    static Refusal check(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length < 0 && ctx.header("Transfer-Encoding") != null) {
            return new Refusal(411, "send the body with a Content-Length (at most 16 KB)");
        }
        if (length > MAX) {
            return new Refusal(413, "the body is over 16 KB: send only what this route reads");
        }
        return null;
    }
}
