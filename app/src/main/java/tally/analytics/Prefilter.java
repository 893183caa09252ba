package tally.analytics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of many regular expressions can match a text: those whose literals (see {@link Literals}) the text
 * contains, without regard to ASCII case, and those without literals. One pass over the text, looking up each
 * pair of characters, instead of running every expression over it; the answer is never short of one that matches.
 */
final class Prefilter {

    private record Needle(String text, int expression) {
    }

    private final Map<Integer, List<Needle>> byFirstTwo = new HashMap<>();
    private final BitSet always = new BitSet();

    Prefilter(List<String> regexes) {
        for (int k = 0; k < regexes.size(); k++) {
            List<String> literals = Literals.of(regexes.get(k));
            if (literals.isEmpty()) {
                always.set(k);
            }
            for (String l : literals) {
                byFirstTwo.computeIfAbsent(key(l.charAt(0), l.charAt(1)), x -> new ArrayList<>()).add(new Needle(l, k));
            }
        }
    }

    /** The expressions, by their place in the list, that may find something in {@code text}. */
    BitSet candidates(String text) {
        BitSet out = (BitSet) always.clone();
        String t = Literals.lower(text);
        for (int p = 0; p + 1 < t.length(); p++) {
            List<Needle> needles = byFirstTwo.get(key(t.charAt(p), t.charAt(p + 1)));
            if (needles != null) {
                for (Needle n : needles) {
                    if (!out.get(n.expression()) && t.startsWith(n.text(), p)) {
                        out.set(n.expression());
                    }
                }
            }
        }
        return out;
    }

    /** How many expressions have no literals and are always tried; for tests. */
    int alwaysTried() {
        return always.cardinality();
    }

    private static int key(char a, char b) {
        return a << 16 | b;
    }
}
