package tally.badge;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** shields.io's colour vocabulary: named colours, aliases, hex and CSS colours, and the brightness rule. */
final class Colors {
    static final Map<String, String> NAMED = Map.of(
        "brightgreen", "#4b0",
        "green", "#67ac09",
        "yellow", "#d8b800",
        "yellowgreen", "#95991a",
        "orange", "#ea7233",
        "red", "#dd4343",
        "blue", "#007ec6",
        "grey", "#555",
        "lightgrey", "#939393");
    static final Map<String, String> ALIASES = Map.of(
        "gray", "grey",
        "lightgray", "lightgrey",
        "critical", "red",
        "important", "orange",
        "success", "brightgreen",
        "informational", "blue",
        "inactive", "lightgrey");
    private static final BigDecimal LIGHT_THRESHOLD = new BigDecimal("0.695");

    private Colors() {
    }

    /** badge-maker's normalizeColor: a name, alias target, "#hex" or lower-cased CSS colour; null if none. */
    static String normalize(String color) {
        if (color == null) {
            return null;
        } else if (NAMED.containsKey(color)) {
            return color;
        } else if (ALIASES.containsKey(color)) {
            return ALIASES.get(color);
        } else if (isBareHex(color)) {
            return "#" + color.toLowerCase(Locale.ROOT);
        } else if (CssColor.rgb(Svg.trim(color)) != null) {
            return color.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** badge-maker's toSvgColor: what goes into a fill attribute, or null for a missing or invalid colour. */
    static String toSvg(String color) {
        String normalized = normalize(color);
        if (normalized == null) {
            return null;
        }
        String named = NAMED.get(normalized);
        return named != null ? named : normalized;
    }

    /** True when shields draws dark text on this background (brightness rounded to 2 places above 0.69). */
    static boolean isLight(String svgColor) {
        int[] rgb = svgColor == null ? null : CssColor.rgb(svgColor);
        if (rgb == null) {
            return false;
        }
        double brightness = (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 255000.0;
        if (brightness < 0.694) {
            return false;
        } else if (brightness > 0.696) {
            return true;
        }
        // toFixed(2) rounds the exact binary value half up.
        return new BigDecimal(brightness).compareTo(LIGHT_THRESHOLD) >= 0;
    }

    private static boolean isBareHex(String s) {
        if (s.length() != 3 && s.length() != 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (CssColor.hexDigit(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
