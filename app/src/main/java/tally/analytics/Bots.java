package tally.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The crawler-user-agents list (bots, crawlers, link previewers) as one pattern: a User-Agent matching any is a bot. */
final class Bots {

    private final Pattern any;

    private Bots(Pattern any) {
        this.any = any;
    }

    boolean matches(String userAgent) {
        return any.matcher(userAgent).find();
    }

    static Bots load() {
        try (InputStream in = Bots.class.getResourceAsStream("/analytics/crawler-user-agents.json")) {
            if (in == null) {
                throw new IllegalStateException("the jar has no /analytics/crawler-user-agents.json");
            }
            List<String> patterns = new ArrayList<>();
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                String p = entry.path("pattern").asText("");
                try {
                    Pattern.compile(p);
                    patterns.add("(?:" + p + ")");
                } catch (PatternSyntaxException e) {
                    // a pattern Java cannot read is left out; the others still apply
                }
            }
            return new Bots(Pattern.compile(String.join("|", patterns)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example User-Agents of the list, for tests. */
    static List<String> instances() throws IOException {
        try (InputStream in = Bots.class.getResourceAsStream("/analytics/crawler-user-agents.json")) {
            List<String> out = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(e -> e.path("instances").forEach(i -> out.add(i.asText())));
            return out;
        }
    }
}
