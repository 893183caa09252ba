package tally.live;

import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices at once that a client closed a stream's connection, by waiting for its input to end: the servlet
 * API would only tell on a write, up to a keep-alive later. A stream's client has nothing more to send, so
 * any input (the end, a reset, or bytes) ends the stream.
 */
final class HangUp implements Callback {

    private final EndPoint endPoint;
    private final Runnable onHangUp;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private HangUp(EndPoint endPoint, Runnable onHangUp) {
        this.endPoint = endPoint;
        this.onHangUp = onHangUp;
    }

    /** Starts watching the request's connection; null when it cannot be watched (then writes still notice). */
    static HangUp watch(ServletRequest request, Runnable onHangUp) {
        EndPoint endPoint;
        try {
            endPoint = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection().getEndPoint();
        } catch (RuntimeException e) {
            return null;
        }
        HangUp hangUp = new HangUp(endPoint, onHangUp);
        // False when Jetty itself waits for input already: then the next write notices the close instead.
        return endPoint.tryFillInterested(hangUp) ? hangUp : null;
    }

    @Override
    public void succeeded() {
        if (stopped.get()) {
            return;
        }
        try {
            ByteBuffer buffer = BufferUtil.allocate(64);
            if (endPoint.fill(buffer) == 0 && endPoint.tryFillInterested(this)) {
                return; // woken without input: wait again
            }
        } catch (IOException e) {
            // a reset: the client is gone
        }
        onHangUp.run();
    }

    @Override
    public void failed(Throwable x) {
        if (!stopped.get()) {
            onHangUp.run();
        }
    }

    /**
     * Stops watching when the stream ends. The connection is closed too: Jetty will want to read the next
     * request from it, and must not find this watch in the way; an event stream's client reconnects anyway.
     */
    void stop() {
        if (stopped.compareAndSet(false, true)) {
            endPoint.close();
        }
    }
}
