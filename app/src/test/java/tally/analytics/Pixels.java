package tally.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tally.Http;

/** Sends pixels and reads the API of a running Tally, as a browser and an admin would. */
final class Pixels {

    static final String TOKEN = "test-admin-token-0123456789";
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    Pixels(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    /** A pixel with these parameters, from this User-Agent and (with TALLY_TRUST_PROXY) this address. */
    HttpResponse<String> send(Map<String, String> params, String userAgent, String address, Map<String, String> extra) {
        StringBuilder q = new StringBuilder("/pixel.gif?");
        params.forEach((k, v) -> q.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        Map<String, String> headers = new HashMap<>(extra);
        if (userAgent != null) {
            headers.put("User-Agent", userAgent);
        }
        if (address != null) {
            headers.put("X-Forwarded-For", address);
        }
        return Http.get(port, q.toString(), headers);
    }

    HttpResponse<String> view(String site, String path, String userAgent, String address) {
        return send(Map.of("site", site, "path", path), userAgent, address, Map.of());
    }

    HttpResponse<String> api(String pathAndQuery) {
        return Http.get(port, pathAndQuery, Map.of("Authorization", "Bearer " + TOKEN));
    }

    JsonNode report(String query) {
        HttpResponse<String> r = api("/api/analytics?" + query);
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A top list as value -> views. */
    static Map<String, Long> list(JsonNode report, String name) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        report.path("top").path(name).forEach(e -> out.put(e.path("value").asText(), e.path("views").asLong()));
        return out;
    }
}
