package tally.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The crawler-user-agents list (bots, crawlers, link previewers): a User-Agent matching any of its patterns is a
 * bot. A {@link Prefilter} picks the few patterns whose plain text the User-Agent contains; only those run.
 */
final class Bots {

    private final List<Pattern> patterns;
    private final Prefilter prefilter;

    private Bots(List<String> patterns) {
        this.patterns = patterns.stream().map(Pattern::compile).toList();
        this.prefilter = new Prefilter(patterns);
    }

    boolean matches(String userAgent) {
        BitSet candidates = prefilter.candidates(userAgent);
        for (int k = candidates.nextSetBit(0); k >= 0; k = candidates.nextSetBit(k + 1)) {
            if (patterns.get(k).matcher(userAgent).find()) {
                return true;
            }
        }
        return false;
    }

    static Bots load() {
        return new Bots(patterns());
    }

    /** The list's patterns that Java can read; the others are left out and the rest still apply. */
    static List<String> patterns() {
        List<String> patterns = new ArrayList<>();
        for (JsonNode entry : list()) {
            String p = entry.path("pattern").asText("");
            try {
                Pattern.compile(p);
                patterns.add(p);
            } catch (PatternSyntaxException e) {
                // left out
            }
        }
        return patterns;
    }

    /** The example User-Agents of the list, for tests. */
    static List<String> instances() {
        List<String> out = new ArrayList<>();
        list().forEach(e -> e.path("instances").forEach(i -> out.add(i.asText())));
        return out;
    }

    private static JsonNode list() {
        try (InputStream in = Bots.class.getResourceAsStream("/analytics/crawler-user-agents.json")) {
            if (in == null) {
                throw new IllegalStateException("the jar has no /analytics/crawler-user-agents.json");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
