import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Latency of a lone change: one SSE stream on a named counter; POSTs one at a time, each after a quiet
 * pause longer than twice TALLY_LIVE_INTERVAL (PAUSE_MS plus a random 0 to 250 ms); for each, the time from sending the POST (and from its
 * answer) until the stream delivers the new value.
 * Usage: java LoneBench.java PORT [POSTS] [PAUSE_MS]
 */
public class LoneBench {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int posts = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long pause = args.length > 2 ? Long.parseLong(args[2]) : 600;
        BlockingQueue<long[]> events = new LinkedBlockingQueue<>();
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /counters/lone HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data: ")) {
                        events.add(new long[] {Long.parseLong(line.substring(6).trim()), System.nanoTime()});
                    }
                }
            } catch (Exception e) {
                // the stream ended
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        long first = events.poll(10, TimeUnit.SECONDS)[0];
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/counters/lone"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        http.send(post, HttpResponse.BodyHandlers.ofString()); // warm the client's connection
        events.poll(10, TimeUnit.SECONDS);
        List<Double> fromSend = new ArrayList<>();
        List<Double> fromAnswer = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            // A random part, so that the POSTs do not fall in step with a periodic timer of the server.
            Thread.sleep(pause + ThreadLocalRandom.current().nextLong(250));
            long sent = System.nanoTime();
            long value = Long.parseLong(http.send(post, HttpResponse.BodyHandlers.ofString()).body().trim());
            long answered = System.nanoTime();
            long[] event;
            do {
                event = events.poll(10, TimeUnit.SECONDS);
                if (event == null) {
                    throw new IllegalStateException("no event for value " + value + " within 10 s");
                }
            } while (event[0] < value);
            fromSend.add((event[1] - sent) / 1e6);
            fromAnswer.add((event[1] - answered) / 1e6);
        }
        socket.close();
        System.out.printf("%d lone POSTs (a pause of %d ms + 0..250 ms before each), first value %d%n", posts, pause, first);
        System.out.println("POST sent -> event on the stream:     " + summary(fromSend));
        System.out.println("POST answered -> event on the stream: " + summary(fromAnswer));
    }

    static String summary(List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        s.sort(null);
        return String.format("median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms",
                s.get(s.size() / 2), s.get((int) Math.ceil(s.size() * 0.9) - 1), s.get(0), s.get(s.size() - 1));
    }
}
