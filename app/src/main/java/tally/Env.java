package tally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one variable from the environment, or its default from {@link Config#VARIABLES}; a bad value is {@link Config.Invalid}. */
final class Env {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

    private Env() {
    }

    static String text(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Config.VARIABLES.get(name)[0];
        }
        return value.trim();
    }

    /** The value in lower case, for names such as full, off or litestream. */
    static String word(Map<String, String> env, String name) {
        return text(env, name).toLowerCase(Locale.ROOT);
    }

    static int integer(Map<String, String> env, String name, int min, int max) {
        String value = text(env, name);
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new Config.Invalid(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** The value parsed, or its default when unset; a parser's IllegalArgumentException is told with the name. */
    static <T> T parsed(Map<String, String> env, String name, Function<String, T> parser) {
        String value = text(env, name);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            // a message that already quotes the whole value need not say it again
            String sent = e.getMessage().contains("'" + value + "'") ? "" : ", not '" + value + "'";
            throw new Config.Invalid(name + " " + e.getMessage() + sent);
        }
    }

    /** A number of counters per hour, or "off": no cap (Integer.MAX_VALUE). */
    static int perHour(Map<String, String> env, String name) {
        if (text(env, name).equalsIgnoreCase("off")) {
            return Integer.MAX_VALUE;
        }
        try {
            return integer(env, name, 1, 1_000_000);
        } catch (Config.Invalid e) {
            throw new Config.Invalid(name + " must be a whole number from 1 to 1000000 or off, not '" + text(env, name) + "'");
        }
    }

    static boolean bool(Map<String, String> env, String name) {
        String value = word(env, name);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new Config.Invalid(name + " must be true or false (1 or 0, yes or no, on or off also do), not '" + value + "'");
        };
    }

    /** Null when unset. */
    static Path optionalPath(Map<String, String> env, String name) {
        String value = text(env, name);
        return value.isEmpty() ? null : Path.of(value);
    }

    /** A number and a unit: 90s, 30m, 6h or 1d. */
    static Duration duration(Map<String, String> env, String name) {
        String value = word(env, name);
        Matcher m = DURATION.matcher(value);
        if (m.matches() && Long.parseLong(m.group(1)) > 0) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        throw new Config.Invalid(name + " must be a number and a unit (s, m, h or d), such as 30m or 6h, not '" + value + "'");
    }
}
