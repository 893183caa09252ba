package tally.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts whose URLs may be counted ({@code example.com,*.github.io}); empty allows every host. A
 * pattern {@code *.github.io} allows every name under github.io, not github.io itself.
 */
public final class AllowedHosts {

    private final List<String> exact;
    private final List<String> suffixes;

    private AllowedHosts(List<String> exact, List<String> suffixes) {
        this.exact = exact;
        this.suffixes = suffixes;
    }

    public static AllowedHosts all() {
        return new AllowedHosts(List.of(), List.of());
    }

    /** Parses a comma list; IllegalArgumentException names a pattern that is not a host or *.host. */
    public static AllowedHosts parse(String text) {
        List<String> exact = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            boolean wildcard = p.startsWith("*.");
            String host = wildcard ? p.substring(2) : p;
            if (!host.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*(:\\d{1,5})?")) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a host name or *.name pattern"
                        + " (write international names in punycode, xn--...)");
            }
            (wildcard ? suffixes : exact).add(wildcard ? "." + host : host);
        }
        return new AllowedHosts(List.copyOf(exact), List.copyOf(suffixes));
    }

    public boolean allowsAll() {
        return exact.isEmpty() && suffixes.isEmpty();
    }

    /** Whether a URL counter's key (host[:port]/path, as UrlKeys makes it) is on an allowed host. */
    public boolean allows(String urlKey) {
        if (allowsAll()) {
            return true;
        }
        int slash = urlKey.indexOf('/');
        String hostPort = slash < 0 ? urlKey : urlKey.substring(0, slash);
        int colon = hostPort.startsWith("[") ? hostPort.indexOf("]:") + 1 : hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        if (exact.contains(host) || exact.contains(hostPort)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
