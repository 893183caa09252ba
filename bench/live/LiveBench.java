import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client for live counters: opens many SSE streams on one named counter from one selector thread, sends
 * POSTs at a fixed rate, then measures how long after the last POST every stream has seen the final value.
 * Usage: java LiveBench.java PORT SERVER_PID [STREAMS] [POSTS_PER_SECOND] [SECONDS]
 */
public class LiveBench {

    static final String COUNTER = "bench";

    /** One stream: its socket, the bytes of its unfinished line, the highest value it has seen and when. */
    static final class Stream {
        final SocketChannel channel;
        final StringBuilder line = new StringBuilder();
        volatile long highest = -1;
        volatile long events;
        volatile long seenAt;
        volatile boolean ended;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    static volatile long finalValue = Long.MAX_VALUE;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;

        Selector selector = Selector.open();
        List<Stream> all = new ArrayList<>();
        byte[] request = ("GET /counters/" + COUNTER + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Thread loop = new Thread(() -> readLoop(selector), "bench-selector");
        loop.setDaemon(true);
        loop.start();

        long t0 = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            // At most 32 streams wait for their first event, below Jetty's default accept backlog of 50.
            while (i - all.stream().filter(s -> s.highest >= 0 || s.ended).count() >= 32) {
                Thread.sleep(1);
            }
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            Stream s = new Stream(ch);
            all.add(s);
            synchronized (selector) {
                selector.wakeup();
                ch.register(selector, SelectionKey.OP_READ, s);
            }
        }
        while (all.stream().anyMatch(s -> s.highest < 0 && !s.ended)) {
            Thread.sleep(10);
        }
        long open = all.stream().filter(s -> !s.ended).count();
        System.out.printf("opened %d streams (%d refused or closed) in %.1f s%n", open, streams - open, (System.nanoTime() - t0) / 1e9);
        String[] idle = status(pid);
        System.out.printf("server with %d streams open, before load: threads %s, RSS %s%n", open, idle[0], idle[1]);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/counters/" + COUNTER))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        long[] peak = {0, 0};
        int total = rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            acks.add(http.sendAsync(post, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                if (r.statusCode() != 200) {
                    failed.incrementAndGet();
                    return -1L;
                }
                return Long.parseLong(r.body().trim());
            }).exceptionally(e -> {
                failed.incrementAndGet();
                return -1L;
            }));
            if (i % rate == 0) {
                String[] s = status(pid);
                peak[0] = Math.max(peak[0], Long.parseLong(s[0]));
                peak[1] = Math.max(peak[1], Long.parseLong(s[1].replaceAll("\\D", "")));
            }
        }
        long lastSent = System.nanoTime();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        long lastAck = System.nanoTime();
        long highestAck = acks.stream().mapToLong(CompletableFuture::join).max().orElse(-1);
        finalValue = highestAck;
        System.out.printf("sent %d POSTs in %.1f s (%.0f/s), %d failed; final value %d; last ack %.0f ms after the last send%n",
                total, (lastSent - start) / 1e9, total / ((lastSent - start) / 1e9), failed.get(), highestAck, (lastAck - lastSent) / 1e6);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Stream> live = all.stream().filter(s -> !s.ended || s.highest >= 0).toList();
        while (System.nanoTime() < deadline && live.stream().anyMatch(s -> s.highest < finalValue && !s.ended)) {
            Thread.sleep(1);
        }
        for (Stream s : live) {
            if (s.highest >= finalValue && s.seenAt == 0) {
                s.seenAt = lastAck; // saw it before the ack arrived
            }
        }
        long missed = live.stream().filter(s -> s.highest < finalValue).count();
        long[] delays = live.stream().filter(s -> s.highest >= finalValue).mapToLong(s -> Math.max(0, s.seenAt - lastAck)).sorted().toArray();
        long events = live.stream().mapToLong(s -> s.events).sum();
        System.out.printf("streams that saw the final value: %d of %d; missed: %d; ended early: %d%n",
                delays.length, live.size(), missed, live.stream().filter(s -> s.ended).count());
        if (delays.length > 0) {
            System.out.printf("from the last POST's ack to each stream seeing the final value: p50 %.0f ms, p99 %.0f ms, all %.0f ms%n",
                    delays[delays.length / 2] / 1e6, delays[(int) (delays.length * 0.99)] / 1e6, delays[delays.length - 1] / 1e6);
            System.out.printf("from the last POST's send to every stream seeing it: %.0f ms%n",
                    (lastAck - lastSent + delays[delays.length - 1]) / 1e6);
        }
        System.out.printf("events received: %d (%.1f per stream over %d s)%n", events, events / (double) live.size(), seconds);
        System.out.printf("server during load (peak of 1 sample/s): threads %d, RSS %d kB%n", peak[0], peak[1]);
        String[] after = status(pid);
        System.out.printf("server after load, streams still open: threads %s, RSS %s, VmHWM %s%n", after[0], after[1], after[2]);
        for (Stream s : all) {
            s.channel.close();
        }
        System.exit(missed == 0 ? 0 : 1);
    }

    static void readLoop(Selector selector) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                synchronized (selector) {
                    // lets the opener register channels between selects
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Stream s = (Stream) key.attachment();
                    buf.clear();
                    int n;
                    try {
                        n = s.channel.read(buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        s.ended = true;
                        key.cancel();
                        continue;
                    }
                    parse(s, new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads "data: N" lines; chunk-size lines of the chunked encoding and every other line are skipped. */
    static void parse(Stream s, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n') {
                s.line.append(c);
                continue;
            }
            if (s.line.length() > 6 && s.line.charAt(0) == 'd' && s.line.indexOf("data: ") == 0) {
                long v = Long.parseLong(s.line.substring(6).trim());
                s.events++;
                if (v > s.highest) {
                    s.highest = v;
                    if (v >= finalValue && s.seenAt == 0) {
                        s.seenAt = System.nanoTime();
                    }
                }
            } else if (s.line.indexOf("HTTP/1.1 ") == 0 && !s.line.toString().startsWith("HTTP/1.1 200")) {
                s.ended = true;
            }
            s.line.setLength(0);
        }
    }

    /** Threads, VmRSS and VmHWM of a process, from /proc. */
    static String[] status(long pid) throws IOException {
        String[] out = {"?", "?", "?"};
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] kv = line.split(":\\s+", 2);
            switch (kv[0]) {
                case "Threads" -> out[0] = kv[1].trim();
                case "VmRSS" -> out[1] = kv[1].trim();
                case "VmHWM" -> out[2] = kv[1].trim();
                default -> { }
            }
        }
        return out;
    }
}
