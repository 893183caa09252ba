package tally;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Where Tally listens and how it meets its clients: the address, the public URL, the proxies trusted in front,
 * and the connection limits. {@code trustProxy} is whether any proxy is trusted; {@code proxyHops} how many
 * (at least 1 when trusted, else 0).
 */
public record ServerConfig(String host, int port, String publicUrl, boolean trustProxy, int proxyHops,
                           int maxConnections, int connectionsPerIp, Duration headerTimeout) {

    public ServerConfig {
        proxyHops = trustProxy ? Math.max(1, proxyHops) : 0;
    }

    static ServerConfig fromEnv(Map<String, String> env) {
        int hops = proxyHops(env);
        return new ServerConfig(
                Env.text(env, "TALLY_HOST"),
                Env.integer(env, "TALLY_PORT", 0, 65535),
                publicUrl(env),
                hops > 0,
                hops,
                Env.integer(env, "TALLY_MAX_CONNECTIONS", 0, 1_000_000),
                Env.integer(env, "TALLY_CONNECTIONS_PER_IP", 0, 1_000_000),
                Duration.ofSeconds(Env.integer(env, "TALLY_HEADER_TIMEOUT", 1, 3600)));
    }

    /** Trusts one proxy (or none): as TALLY_TRUST_PROXY=true or false. */
    public ServerConfig withTrustProxy(boolean trust) {
        return new ServerConfig(host, port, publicUrl, trust, trust ? 1 : 0, maxConnections, connectionsPerIp, headerTimeout);
    }

    /** Another TALLY_MAX_CONNECTIONS, TALLY_CONNECTIONS_PER_IP and TALLY_HEADER_TIMEOUT. */
    public ServerConfig withConnections(int max, int perIp, Duration timeout) {
        return new ServerConfig(host, port, publicUrl, trustProxy, proxyHops, max, perIp, timeout);
    }

    /** true, yes and on mean one proxy; false, no and off none; a whole number that many in a row. */
    private static int proxyHops(Map<String, String> env) {
        String value = Env.word(env, "TALLY_TRUST_PROXY");
        return switch (value) {
            case "true", "yes", "on" -> 1;
            case "false", "no", "off" -> 0;
            default -> {
                if (!value.matches("[0-9]{1,2}") || Integer.parseInt(value) > 10) {
                    throw new Config.Invalid("TALLY_TRUST_PROXY must be true, false or the number of proxies in front"
                            + " of Tally (0 to 10), not '" + value + "'");
                }
                yield Integer.parseInt(value);
            }
        };
    }

    /** The origin readers reach Tally at, as scheme://host[:port] in lower case; "" when unset. */
    private static String publicUrl(Map<String, String> env) {
        String value = Env.text(env, "TALLY_PUBLIC_URL");
        if (value.isEmpty()) {
            return "";
        }
        String problem = "must be http:// or https:// with a host and optional port, nothing after it";
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getPort() > 65535 || !uri.getHost().chars().allMatch(c -> c < 0x7f)) {
                throw new Config.Invalid("TALLY_PUBLIC_URL " + problem + " (such as https://tally.example.com), not '" + value + "'");
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port;
        } catch (URISyntaxException e) {
            throw new Config.Invalid("TALLY_PUBLIC_URL " + problem + " (such as https://tally.example.com), not '" + value
                    + "': " + e.getReason());
        }
    }
}
