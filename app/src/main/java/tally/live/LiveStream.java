package tally.live;

import io.javalin.http.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tally.badge.BadgeOptions;

/**
 * One client's event stream, written with the servlet's non-blocking output so that no thread waits on a
 * slow client. Only the newest value waits to be written: a client that reads slowly skips values, never
 * the last one. A failed write closes the stream, and so does the client's closing its connection (HangUp).
 */
final class LiveStream implements WriteListener, AsyncListener {

    private static final byte[] RETRY = "retry: 3000\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    /** Small, because every open stream keeps one such buffer for its whole life. */
    private static final int BUFFER = 512;

    final String ip;
    /** Added to every value this stream sends, as badges add it: the offset of a counter moved from elsewhere. */
    private final long base;
    private final Consumer<LiveStream> onClose;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ServletOutputStream out;
    private byte[] head = RETRY;
    private byte[] next;
    private long newest = -1;
    private boolean unflushed;
    private volatile HangUp hangUp;

    LiveStream(String ip, long base, Consumer<LiveStream> onClose) {
        this.ip = ip;
        this.base = base;
        this.onClose = onClose;
    }

    /** The SSE frame of a value; counts only grow, so the id is the value itself. */
    static byte[] event(long value) {
        return ("event: message\ndata: " + value + "\nid: " + value + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Answers the request with this stream; the request's thread is released once the handler returns. */
    void start(Context ctx) {
        ctx.status(200);
        ctx.res().setBufferSize(BUFFER);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache, no-store");
        ctx.header("X-Accel-Buffering", "no");
        ctx.future(() -> {
            // Javalin has started async mode by now, which the non-blocking output requires.
            ctx.req().getAsyncContext().addListener(this);
            try {
                ServletOutputStream stream = ctx.res().getOutputStream();
                synchronized (this) {
                    out = stream;
                }
                stream.setWriteListener(this);
                hangUp = HangUp.watch(ctx.req(), this::close);
                if (closed.get() && hangUp != null) {
                    hangUp.stop(); // closed before the watch began
                }
            } catch (IOException | IllegalStateException e) {
                close();
            }
            return done;
        });
    }

    /** Queues the value's frame (shared by the counter's streams without a base) unless a value as new was queued. */
    void send(long value, byte[] frame) {
        boolean failed;
        synchronized (this) {
            if (value <= newest) {
                return;
            }
            newest = value;
            next = base == 0 ? frame : event(BadgeOptions.shown(value, base));
            failed = !pump();
        }
        if (failed) {
            close();
        }
    }

    /** Writes a comment when nothing else waits, so a dead connection shows itself and proxies keep it open. */
    void keepAlive() {
        boolean failed;
        synchronized (this) {
            if (next != null || head != null || out == null) {
                return;
            }
            next = KEEP_ALIVE;
            failed = !pump();
        }
        if (failed) {
            close();
        }
    }

    @Override
    public void onWritePossible() {
        boolean failed;
        synchronized (this) {
            failed = !pump();
        }
        if (failed) {
            close();
        }
    }

    /** Writes what waits and flushes it, as far as the connection takes it now; false when the write failed. */
    private boolean pump() {
        if (out == null || closed.get()) {
            return true;
        }
        try {
            while (out.isReady()) {
                if (head != null || next != null) {
                    out.write(head != null ? head : next);
                    if (head != null) {
                        head = null;
                    } else {
                        next = null;
                    }
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    return true;
                }
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Ends the stream and forgets it; safe to call more than once and from any thread. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            HangUp watching = hangUp;
            if (watching != null) {
                watching.stop();
            }
            done.complete(null);
        }
    }

    boolean closed() {
        return closed.get();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
