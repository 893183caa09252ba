package tally.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body of up to {@link SmallBody#MAX} before a thread handles the request, within a deadline.
 * Handlers read bodies blocking (Javalin's form and body reads): a few hundred clients sending bodies a byte at a
 * time each held one of Jetty's threads, and with all of them held nothing was answered, {@code /healthz}
 * included. Jetty's own loader for any content type retains each chunk whole with the network buffer under it,
 * thousands of them for a body sent a byte at a time, so this one copies the bytes instead.
 */
final class BodiesFirst implements EagerContentHandler.ContentLoaderFactory {

    private final Duration deadline;

    BodiesFirst(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * The handler to put in front of the application: bodies of every content type are read first, for the methods
     * whose routes read them. Other requests (a badge's GET above all) pass as they did; a body no handler reads
     * holds no thread.
     */
    static EagerContentHandler handler(Duration deadline) {
        EagerContentHandler handler = new EagerContentHandler(new BodiesFirst(deadline));
        handler.includeMethod("POST", "PUT");
        return handler;
    }

    @Override
    public String getApplicableMimeType() {
        return null; // every content type
    }

    @Override
    public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler,
                                                               Request request, Response response, Callback callback) {
        // A longer body is refused at once by the routes that take small ones (413), and streamed by the admin's
        // import after its token is checked: handled as it comes.
        return request.getLength() > SmallBody.MAX ? null : new Loader(handler, request, response, callback);
    }

    private final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {
        private final AtomicBoolean finished = new AtomicBoolean();
        private byte[] bytes = new byte[256];
        private int size;
        private Scheduler.Task timeout;

        Loader(Handler handler, Request request, Response response, Callback callback) {
            super(handler, request, response, callback);
        }

        @Override
        protected void load() {
            timeout = getRequest().getComponents().getScheduler().schedule(this::tooSlow, deadline.toMillis(), TimeUnit.MILLISECONDS);
            read(false);
        }

        /** Called when more of the body may be read: never blocks (Jetty calls it from its selector). */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void read(boolean fromDemand) {
            while (!finished.get()) {
                Content.Chunk chunk = getRequest().read();
                if (chunk == null) {
                    getRequest().demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    if (chunk.isLast()) {
                        hand(fromDemand, chunk); // the client went away: the handler reads the failure, as it would have
                    } else {
                        tooSlow(); // idle for Jetty's idle timeout, shorter than the deadline near the connection limit
                    }
                    return;
                }
                boolean last = chunk.isLast();
                copy(chunk.getByteBuffer());
                chunk.release();
                if (last || size >= SmallBody.MAX) {
                    hand(fromDemand, Content.Chunk.from(ByteBuffer.wrap(bytes, 0, size), last));
                    return;
                }
            }
        }

        private void copy(ByteBuffer buffer) {
            int n = buffer.remaining();
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
            }
            buffer.get(bytes, size, n);
            size += n;
        }

        /** Handles the request with what was read coming first; the rest of a longer body is read as before. */
        private void hand(boolean fromDemand, Content.Chunk first) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel();
            Request request = new Request.Wrapper(getRequest()) {
                private Content.Chunk pending = first;

                @Override
                public Content.Chunk read() {
                    Content.Chunk chunk = pending;
                    if (chunk == null) {
                        return super.read();
                    }
                    if (!Content.Chunk.isFailure(chunk)) {
                        pending = null;
                    }
                    return chunk;
                }
            };
            if (fromDemand) {
                getRequest().getContext().execute(() -> handle(request, getResponse(), getCallback()));
            } else {
                handle(request, getResponse(), getCallback());
            }
        }

        private void tooSlow() {
            if (finished.compareAndSet(false, true)) {
                Response.writeError(getRequest(), getResponse(), getCallback(), HttpStatus.REQUEST_TIMEOUT_408);
            }
        }
    }
}
