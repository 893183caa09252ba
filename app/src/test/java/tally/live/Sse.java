package tally.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test's EventSource: follows a stream with java.net.http on a thread of its own and collects its events. */
final class Sse implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** One event as a browser would see it; {@code retry} is the last retry hint seen before it. */
    record Event(String event, String data, String id, String retry) {
    }

    final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    private Sse(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static Sse open(int port, String path) {
        return open(port, path, Map.of());
    }

    static Sse open(int port, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream");
        headers.forEach(b::header);
        try {
            return new Sse(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    private void read() {
        String event = "message";
        String data = null;
        String id = null;
        String retry = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        received.add(new Event(event, data, id, retry));
                    }
                    event = "message";
                    data = null;
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                    switch (field) {
                        case "event" -> event = value;
                        case "data" -> data = data == null ? value : data + "\n" + value;
                        case "id" -> id = value;
                        case "retry" -> retry = value;
                        default -> { }
                    }
                }
            }
        } catch (RuntimeException e) {
            // the stream broke off: reported as its end
        }
        received.add("end");
    }

    /** The next event, waiting up to the deadline. */
    Event next() {
        Object o = poll();
        if (!(o instanceof Event e)) {
            throw new AssertionError("the stream ended; events so far: " + seen);
        }
        seen.add(e);
        return e;
    }

    /** Reads events until one carries the data; fails at the deadline. Answers every event read so far. */
    List<Event> until(String data) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (next().data().equals(data)) {
                return List.copyOf(seen);
            }
        }
        throw new AssertionError("no event with data " + data + " within " + DEADLINE + "; saw " + seen);
    }

    /** True once the server ended the stream, waiting up to the deadline for it (events in between are skipped). */
    boolean ends() {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!ended && System.nanoTime() < end) {
            Object o = poll();
            if (o instanceof Event e) {
                seen.add(e);
            } else {
                ended = true;
            }
        }
        return ended;
    }

    private Object poll() {
        try {
            Object o = received.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) {
                throw new AssertionError("nothing within " + DEADLINE + "; events so far: " + seen);
            }
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
