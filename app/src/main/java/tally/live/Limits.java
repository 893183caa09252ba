package tally.live;

import java.util.HashMap;
import java.util.Map;

/** Counts open streams, in all and per client address, and refuses one beyond either limit. */
final class Limits {

    private final int max;
    private final int perIp;
    private final Map<String, Integer> byIp = new HashMap<>();
    private int total;
    private boolean closed;

    Limits(int max, int perIp) {
        this.max = max;
        this.perIp = perIp;
    }

    /** Takes a slot for the address or throws Refused; every slot taken is given back by {@link #release}. */
    synchronized void admit(String ip) {
        if (closed) {
            throw new Refused(503, "Tally is shutting down; reconnect in a few seconds");
        }
        if (total >= max) {
            throw new Refused(429, "this server already has its most live streams open (" + max
                    + ", TALLY_SSE_MAX); try again later");
        }
        int mine = byIp.getOrDefault(ip, 0);
        if (mine >= perIp) {
            throw new Refused(429, "your address already has " + mine + " live streams open, the most allowed ("
                    + perIp + ", TALLY_SSE_PER_IP); close one before opening another");
        }
        byIp.put(ip, mine + 1);
        total++;
    }

    synchronized void release(String ip) {
        byIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
        total--;
    }

    synchronized int total() {
        return total;
    }

    /** Refuses every stream from now on. */
    synchronized void close() {
        closed = true;
    }
}
