package tally.http;

import io.javalin.http.Context;
import java.util.Locale;

/** What the service may believe about a client: its address, scheme and public origin, honouring proxies only when trusted. */
final class Clients {

    private final boolean trustProxy;

    Clients(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    boolean secure(Context ctx) {
        return scheme(ctx).equals("https");
    }

    String scheme(Context ctx) {
        String forwarded = trustProxy ? first(ctx.header("X-Forwarded-Proto")) : null;
        if (forwarded != null) {
            String proto = forwarded.toLowerCase(Locale.ROOT);
            if (proto.equals("https") || proto.equals("http")) {
                return proto;
            }
        }
        return ctx.scheme();
    }

    /** The origin the client used to reach us, such as https://tally.example.com. */
    String origin(Context ctx) {
        String host = trustProxy ? first(ctx.header("X-Forwarded-Host")) : null;
        if (host == null || !validHost(host)) {
            host = ctx.header("Host");
        }
        if (host == null || !validHost(host)) {
            host = "localhost";
        }
        return scheme(ctx) + "://" + host;
    }

    /** The client's address: the first X-Forwarded-For entry when the proxy is trusted, else the peer. */
    String ip(Context ctx) {
        String forwarded = trustProxy ? first(ctx.header("X-Forwarded-For")) : null;
        return forwarded != null ? forwarded : ctx.ip();
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
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
