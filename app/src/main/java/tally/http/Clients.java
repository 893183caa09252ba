package tally.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import tally.count.ClientHashes;
import tally.count.CounterKey;

/**
 * What the service may believe about a client: its address, scheme and public origin. X-Forwarded-*
 * headers are believed only with TALLY_TRUST_PROXY, and then only the entry a trusted proxy appended:
 * with N proxies in a row, the N-th from the right; everything left of it is whatever the client sent.
 */
final class Clients {

    private static final String IP = "tally.client-ip";

    private final int proxyHops;
    private final String publicUrl;
    private final ClientHashes hashes = new ClientHashes();

    /** {@code proxyHops} trusted proxies in front (0: none); {@code publicUrl} the origin readers use, or "". */
    Clients(int proxyHops, String publicUrl) {
        this.proxyHops = proxyHops;
        this.publicUrl = publicUrl;
    }

    /**
     * True when the client reached us over HTTPS: the scheme below, or a TALLY_PUBLIC_URL of https, which says readers
     * come through a TLS proxy even when it is not trusted for its X-Forwarded-* fields. Decides the cookies' Secure.
     */
    boolean secure(Context ctx) {
        return publicUrl.startsWith("https://") || scheme(ctx).equals("https");
    }

    /** http or https: the trusted proxy's X-Forwarded-Proto, else the connection's own (never the request target's). */
    String scheme(Context ctx) {
        String forwarded = trusted(ctx, "X-Forwarded-Proto");
        if (forwarded != null) {
            String proto = forwarded.toLowerCase(Locale.ROOT);
            if (proto.equals("https") || proto.equals("http")) {
                return proto;
            }
        }
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request != null && request.getConnectionMetaData().isSecure() ? "https" : "http";
    }

    /** The origin the client used to reach us, such as https://tally.example.com: TALLY_PUBLIC_URL when set. */
    String origin(Context ctx) {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        String host = trusted(ctx, "X-Forwarded-Host");
        if (host == null || !validHost(host)) {
            host = ctx.header("Host");
        }
        if (host == null || !validHost(host)) {
            host = "localhost";
        }
        return scheme(ctx) + "://" + host;
    }

    /**
     * The client's address, in one canonical form: the X-Forwarded-For entry the trusted proxy appended
     * when a proxy is trusted and the header is there, else the connection's. An entry that is not an IP
     * address is never used: the nearest well-formed entry to its right (a proxy nearer to us) is.
     */
    String ip(Context ctx) {
        // a counting request asks up to three times (rate limit, creation cap, token hash): work it out once
        String known = ctx.attribute(IP);
        if (known == null) {
            known = address(ctx);
            ctx.attribute(IP, known);
        }
        return known;
    }

    private String address(Context ctx) {
        String peer = ctx.ip();
        String canonicalPeer = Addresses.canonical(peer);
        String own = canonicalPeer != null ? canonicalPeer : peer;
        if (proxyHops == 0) {
            return own;
        }
        List<String> entries = entries(ctx, "X-Forwarded-For");
        for (int i = pick(entries.size()); i < entries.size(); i++) {
            String address = Addresses.canonical(entries.get(i));
            if (address != null) {
                return address;
            }
        }
        return own;
    }

    /** The keyed hash of this client's address and User-Agent (see ClientHashes). */
    ClientHashes.Hash hash(Context ctx) {
        return hashes.of(ip(ctx), ctx.header("User-Agent"));
    }

    /** The keyed hash of this client and one counter. */
    ClientHashes.Hash hash(Context ctx, CounterKey counter) {
        return hashes.of(ip(ctx), ctx.header("User-Agent"), counter);
    }

    /** The entry the trusted proxy appended to a list header, or null when no proxy is trusted or it is absent. */
    private String trusted(Context ctx, String header) {
        if (proxyHops == 0) {
            return null;
        }
        List<String> entries = entries(ctx, header);
        return entries.isEmpty() ? null : entries.get(pick(entries.size()));
    }

    /** The N-th from the right; with fewer entries than trusted proxies, the leftmost (all were appended by them). */
    private int pick(int size) {
        return Math.max(0, size - proxyHops);
    }

    /** A list header's entries, trimmed, in order, across all its lines (as if joined by commas). */
    private static List<String> entries(Context ctx, String header) {
        Enumeration<String> lines = ctx.req().getHeaders(header);
        if (lines == null) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String line : Collections.list(lines)) {
            for (String entry : line.split(",", -1)) {
                entries.add(entry.trim());
            }
            if (entries.size() > 100) {
                // only the rightmost few can be the trusted proxies'; keep the list bounded
                entries.subList(0, entries.size() - 100).clear();
            }
        }
        return entries;
    }

    private static boolean validHost(String host) {
        if (host.isEmpty() || host.length() > 255) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '[' || c == ']' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
