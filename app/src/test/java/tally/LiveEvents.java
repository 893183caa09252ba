package tally;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A live stream of the real jar followed on a thread of its own: the data of each event, with when it arrived. */
final class LiveEvents implements AutoCloseable {

    /** One event's data and the System.nanoTime() at which its line was read. */
    record Event(String data, long at) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private LiveEvents(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "live-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} (such as /counters/name or /live?url=...) with Accept: text/event-stream. */
    static LiveEvents open(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new AssertionError("GET " + path + " answered " + response.statusCode());
        }
        return new LiveEvents(response);
    }

    private void read() {
        try (Stream<String> lines = response.body()) {
            lines.filter(line -> line.startsWith("data:"))
                    .forEach(line -> received.add(new Event(line.substring(5).strip(), System.nanoTime())));
        } catch (RuntimeException e) {
            // the stream broke off: reported as its end
        }
        received.add("end");
    }

    /** Reads events until one carries {@code data}, waiting up to {@code wait} in all; fails otherwise. */
    Event until(String data, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            Object o = received.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!(o instanceof Event e)) {
                throw new AssertionError((o == null ? "no event with data " + data + " within " + wait
                        : "the stream ended before an event with data " + data) + "; data seen: " + seen);
            }
            seen.add(e.data());
            if (e.data().equals(data)) {
                return e;
            }
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
