package tally.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The plain text every match of a regular expression contains: a few strings (lower case), at least one of
 * which is in any text the expression finds, when compared without regard to ASCII case; or none when that
 * cannot be told. Conservative: whatever this reader does not know (back-references, \Q, flags other than
 * i, an unusual class) gives none, and the expression is then always tried.
 */
final class Literals {

    /** Shorter literals are not worth looking for. */
    static final int MIN = 2;

    private final String re;
    private int i;

    private Literals(String re) {
        this.re = re;
    }

    /** The literals of a (valid) Java regular expression, or an empty list when it has none that this can tell. */
    static List<String> of(String regex) {
        try {
            Literals p = new Literals(regex);
            List<String> found = p.alternatives();
            return found == null || p.i != regex.length() ? List.of() : found;
        } catch (Unsupported e) {
            return List.of();
        }
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** Alternatives up to ')' or the end: every one must have literals, and any of theirs will do. */
    private List<String> alternatives() {
        List<String> union = new ArrayList<>();
        boolean known = true;
        while (true) {
            List<String> one = sequence();
            if (one == null) {
                known = false;
            } else {
                one.stream().filter(s -> !union.contains(s)).forEach(union::add);
            }
            if (i < re.length() && re.charAt(i) == '|') {
                i++;
            } else {
                return known ? union : null;
            }
        }
    }

    /** One alternative: the best of its runs of literal characters and of its required groups. */
    private List<String> sequence() {
        List<String> best = null;
        StringBuilder run = new StringBuilder();
        while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
            char c = re.charAt(i);
            if (c == '(') {
                best = better(best, finish(run));
                List<String> inner = group();
                if (quantifier() != 0) {
                    best = better(best, inner);
                }
            } else if (c == '[') {
                best = better(best, finish(run));
                skipClass();
                quantifier();
            } else if (c == '.' || c == '^' || c == '$') {
                best = better(best, finish(run));
                i++;
                quantifier();
            } else if (c == '?' || c == '*' || c == '+' || c == '{') {
                throw new Unsupported();
            } else if (c == '\\') {
                int literal = escape();
                if (literal < 0) {
                    best = better(best, finish(run));
                    quantifier();
                } else {
                    best = literal(best, run, (char) literal);
                }
            } else {
                i++;
                best = literal(best, run, c);
            }
        }
        return better(best, finish(run));
    }

    /** A literal character and its quantifier, if any: a repeated one ends the run, an optional one is left out. */
    private List<String> literal(List<String> best, StringBuilder run, char c) {
        int min = quantifier();
        if (c >= 0x80 || min == 0) {
            return better(best, finish(run));
        }
        run.append(c);
        if (min > 0) {
            best = better(best, finish(run));
            run.append(c); // the last repetition is followed by what comes next
        }
        return best;
    }

    /** Consumes a quantifier after an atom: its least count, or -1 for none. */
    private int quantifier() {
        if (i >= re.length()) {
            return -1;
        }
        char c = re.charAt(i);
        int min;
        if (c == '?' || c == '*') {
            min = 0;
        } else if (c == '+') {
            min = 1;
        } else if (c == '{') {
            int j = i + 1;
            min = 0;
            while (j < re.length() && Character.isDigit(re.charAt(j))) {
                min = Math.min(min * 10 + (re.charAt(j) - '0'), 1000);
                j++;
            }
            int close = re.indexOf('}', j);
            if (j == i + 1 || close < 0) {
                throw new Unsupported();
            }
            i = close;
        } else {
            return -1;
        }
        i++;
        if (i < re.length() && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
            i++;
        }
        return min;
    }

    /** A group, through its ')': the literals inside, or null (none, or a look-around, which consumes nothing). */
    private List<String> group() {
        i++;
        boolean lookAround = false;
        if (re.startsWith("?", i)) {
            if (re.startsWith("?:", i) || re.startsWith("?>", i)) {
                i += 2;
            } else if (re.startsWith("?=", i) || re.startsWith("?!", i)) {
                i += 2;
                lookAround = true;
            } else if (re.startsWith("?<=", i) || re.startsWith("?<!", i)) {
                i += 3;
                lookAround = true;
            } else if (re.startsWith("?<", i) && re.indexOf('>', i) > 0) {
                i = re.indexOf('>', i) + 1; // a named group
            } else {
                int j = i + 1;
                while (j < re.length() && (re.charAt(j) == 'i' || re.charAt(j) == '-')) {
                    j++; // only the case flag: literals are compared without regard to case anyway
                }
                if (j == i + 1 || j >= re.length() || (re.charAt(j) != ':' && re.charAt(j) != ')')) {
                    throw new Unsupported();
                }
                lookAround = re.charAt(j) == ')'; // (?i) alone matches nothing
                i = re.charAt(j) == ')' ? j : j + 1;
            }
        }
        List<String> inner = alternatives();
        if (i >= re.length() || re.charAt(i) != ')') {
            throw new Unsupported();
        }
        i++;
        return lookAround ? null : inner;
    }

    /** Consumes an escape: the character it stands for, or -1 for a class or an anchor. */
    private int escape() {
        if (i + 1 >= re.length()) {
            throw new Unsupported();
        }
        char e = re.charAt(i + 1);
        i += 2;
        if (e < 0x80 && !Character.isLetterOrDigit(e)) {
            return e;
        }
        if ("dDsSwWbBAGZzhHvVRXtnrfae".indexOf(e) >= 0) {
            return -1;
        }
        if (e == 'p' || e == 'P') {
            if (i < re.length() && re.charAt(i) == '{') {
                int close = re.indexOf('}', i);
                if (close < 0) {
                    throw new Unsupported();
                }
                i = close + 1;
            } else {
                i++;
            }
            return -1;
        }
        throw new Unsupported(); // quoting, hex and octal escapes, back-references, named references, control characters
    }

    /** Skips a character class, nested ones and escapes included. */
    private void skipClass() {
        i++;
        if (re.startsWith("^", i)) {
            i++;
        }
        if (re.startsWith("]", i)) {
            throw new Unsupported();
        }
        int depth = 1;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (re.startsWith("Q", i + 1)) {
                    throw new Unsupported();
                }
                i += 2;
                continue;
            }
            i++;
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return;
            }
        }
        throw new Unsupported();
    }

    private static List<String> finish(StringBuilder run) {
        String s = run.toString();
        run.setLength(0);
        return s.length() >= MIN ? List.of(lower(s)) : null;
    }

    /** The set whose shortest literal is longest (the rarer to find), then the one with fewer literals. */
    private static List<String> better(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int ma = shortest(a);
        int mb = shortest(b);
        if (ma != mb) {
            return ma > mb ? a : b;
        }
        return b.size() < a.size() ? b : a;
    }

    private static int shortest(List<String> set) {
        return set.stream().mapToInt(String::length).min().orElse(0);
    }

    /** ASCII letters in lower case, every other character as it is: the same length, for comparing without case. */
    static String lower(String s) {
        char[] out = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[k] = (char) (c + 32);
            }
        }
        return out == null ? s : new String(out);
    }
}
