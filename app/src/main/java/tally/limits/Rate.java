package tally.limits;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A token bucket's rate and burst, written {@code 10/s:60}: ten a second, up to sixty at once. */
public record Rate(double perSecond, int burst) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,7})/(s|m|h)(?::(\\d{1,7}))?");

    /** Parses {@code N/s}, {@code N/m} or {@code N/h}, with {@code :BURST} (the default burst is N); null for "off". */
    public static Rate parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("off")) {
            return null;
        }
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0 || (m.group(3) != null && Integer.parseInt(m.group(3)) == 0)) {
            throw new IllegalArgumentException("must be like 10/s:60 (10 a second, bursts of 60; /m and /h work too) or off");
        }
        int n = Integer.parseInt(m.group(1));
        double seconds = switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            default -> 3600;
        };
        return new Rate(n / seconds, m.group(3) == null ? n : Integer.parseInt(m.group(3)));
    }

    /** How long an unused bucket takes to fill up again, in nanoseconds. */
    long refillNanos() {
        return (long) Math.ceil(burst / perSecond * 1e9);
    }
}
