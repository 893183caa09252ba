package tally.live;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts open streams, in all, per client address and per network (IPv4 /24, IPv6 /64), and refuses one beyond
 * any of the limits, so that a few hosts cannot take every slot.
 */
final class Limits {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final int max;
    private final int perIp;
    private final int perNetwork;
    private final Map<String, Integer> byIp = new HashMap<>();
    private final Map<String, Integer> byNetwork = new HashMap<>();
    private int total;
    private boolean closed;

    Limits(int max, int perIp, int perNetwork) {
        this.max = max;
        this.perIp = perIp;
        this.perNetwork = perNetwork;
    }

    /** Takes a slot for the address or throws Refused; every slot taken is given back by {@link #release}. */
    synchronized void admit(String ip) {
        if (closed) {
            throw new Refused(503, "Tally is shutting down; reconnect in a few seconds");
        }
        if (max == 0) {
            throw new Refused(404, "live streams are switched off on this server (TALLY_SSE_MAX=0): read the count"
                    + " from /nocount instead");
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
        String network = network(ip);
        int ours = byNetwork.getOrDefault(network, 0);
        if (ours >= perNetwork) {
            throw new Refused(429, "your network (" + network + ") already has " + ours + " live streams open, the most"
                    + " allowed (" + perNetwork + ", TALLY_SSE_PER_NETWORK); try again later");
        }
        byIp.put(ip, mine + 1);
        byNetwork.put(network, ours + 1);
        total++;
    }

    synchronized void release(String ip) {
        byIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
        byNetwork.computeIfPresent(network(ip), (k, n) -> n > 1 ? n - 1 : null);
        total--;
    }

    synchronized int total() {
        return total;
    }

    /** Refuses every stream from now on. */
    synchronized void close() {
        closed = true;
    }

    /** The address's /24 (IPv4, also when mapped into IPv6) or /64 (IPv6); anything else stands for itself. */
    static String network(String ip) {
        if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            return ip;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress(); // a literal: no name is looked up
        } catch (UnknownHostException e) {
            return ip;
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
