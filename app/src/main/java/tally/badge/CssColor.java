package tally.badge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CSS colour into red, green and blue the way css-color-converter 2.0.0 does (the parser
 * badge-maker relies on), quirks included, so the brightness rule picks the same text colour.
 */
final class CssColor {
    // JavaScript's \s, which is wider than Java's.
    private static final String S = "[\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";
    private static final String ALPHA = "(0|1|0?\\.\\d+|\\d+%)";
    private static final Pattern RGB = Pattern.compile(
        "^rgba?\\(" + S + "*(\\d+)" + S + "*," + S + "*(\\d+)" + S + "*," + S + "*(\\d+)(?:" + S + "*," + S + "*" + ALPHA + ")?" + S + "*\\)$");
    private static final Pattern RGB_FN = Pattern.compile(
        "^rgba?\\(" + S + "*(\\d+)" + S + "+(\\d+)" + S + "+(\\d+)(?:" + S + "*/" + S + "*" + ALPHA + ")?" + S + "*\\)$");
    private static final Pattern RGB_PERC = Pattern.compile(
        "^rgba?\\(" + S + "*(\\d+%)" + S + "*," + S + "*(\\d+%)" + S + "*," + S + "*(\\d+%)(?:" + S + "*," + S + "*" + ALPHA + ")?" + S + "*\\)$");
    private static final Pattern RGB_PERC_FN = Pattern.compile(
        "^rgba?\\(" + S + "*(\\d+%)" + S + "+(\\d+%)" + S + "+(\\d+%)(?:" + S + "*/" + S + "*" + ALPHA + ")?" + S + "*\\)$");
    private static final Pattern HSL = Pattern.compile(
        "^hsla?\\(" + S + "*(\\d+)(deg|rad|grad|turn)?" + S + "*," + S + "*(\\d+)%" + S + "*," + S + "*(\\d+)%(?:" + S + "*," + S + "*" + ALPHA + ")?" + S + "*\\)$");
    private static final Map<String, int[]> NAMES = loadNames();

    private CssColor() {
    }

    /** The colour's [red, green, blue], each 0 to 255, or null when the text is not a CSS colour. */
    static int[] rgb(String s) {
        int[] named = NAMES.get(s);
        if (named != null) {
            return named;
        }
        if (s.startsWith("#")) {
            return hex(s);
        }
        if (s.startsWith("rgb")) {
            return rgbFunction(s);
        }
        if (s.startsWith("hsl")) {
            return hslFunction(s);
        }
        return null;
    }

    private static int[] hex(String s) {
        int n = s.length() - 1;
        if (n != 3 && n != 4 && n != 6 && n != 8) {
            return null;
        }
        int[] digits = new int[n];
        for (int i = 0; i < n; i++) {
            digits[i] = hexDigit(s.charAt(i + 1));
            if (digits[i] < 0) {
                return null;
            }
        }
        if (n <= 4) {
            return new int[] {digits[0] * 17, digits[1] * 17, digits[2] * 17};
        }
        return new int[] {digits[0] * 16 + digits[1], digits[2] * 16 + digits[3], digits[4] * 16 + digits[5]};
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int[] rgbFunction(String s) {
        for (Pattern p : new Pattern[] {RGB, RGB_PERC, RGB_FN, RGB_PERC_FN}) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                return new int[] {channel(m.group(1)), channel(m.group(2)), channel(m.group(3))};
            }
        }
        return null;
    }

    private static int channel(String digits) {
        if (digits.endsWith("%")) {
            return clamp(Double.parseDouble(digits.substring(0, digits.length() - 1)) * 255 / 100);
        }
        return clamp(Double.parseDouble(digits));
    }

    private static int[] hslFunction(String s) {
        Matcher m = HSL.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2) == null ? "deg" : m.group(2);
        double factor = switch (unit) {
            case "rad" -> 180 / Math.PI;
            // A grad is 1/400 of a turn: 0.9 degrees.
            case "grad" -> 360.0 / 400;
            case "turn" -> 360;
            default -> 1;
        };
        double h = roundTo5(factor * Double.parseDouble(m.group(1)));
        double sat = Double.parseDouble(m.group(3)) / 100;
        double light = Double.parseDouble(m.group(4)) / 100;
        double hPrim = h / 60;
        double c = (1 - Math.abs(2 * light - 1)) * sat;
        double x = c * (1 - Math.abs(hPrim % 2 - 1));
        double mid = light - c / 2;
        double[] rgb;
        if (hPrim < 1) {
            rgb = new double[] {c, x, 0};
        } else if (hPrim < 2) {
            rgb = new double[] {x, c, 0};
        } else if (hPrim < 3) {
            rgb = new double[] {0, c, x};
        } else if (hPrim < 4) {
            rgb = new double[] {0, x, c};
        } else if (hPrim < 5) {
            rgb = new double[] {x, 0, c};
        } else {
            rgb = new double[] {c, 0, x};
        }
        return new int[] {clamp((rgb[0] + mid) * 255), clamp((rgb[1] + mid) * 255), clamp((rgb[2] + mid) * 255)};
    }

    /** css-unit-converter rounds every converted angle to 5 decimals with Math.round. */
    private static double roundTo5(double value) {
        double scaled = value * 100000;
        return (Math.abs(scaled) >= 0x1p52 ? scaled : (double) Math.round(scaled)) / 100000;
    }

    /** Math.max(Math.min(parseInt(value, 10), 255), 0): parseInt reads the number's string form. */
    private static int clamp(double value) {
        double abs = Math.abs(value);
        double parsed;
        if (value == 0 || Double.isNaN(value)) {
            parsed = 0;
        } else if (abs < 1e-6 || abs >= 1e21) {
            // JavaScript prints these in exponent form, so parseInt keeps only the leading digit.
            String digits = Double.toString(abs);
            parsed = Math.signum(value) * (digits.charAt(0) - '0');
        } else {
            parsed = value < 0 ? Math.ceil(value) : Math.floor(value);
        }
        return (int) Math.max(Math.min(parsed, 255), 0);
    }

    private static Map<String, int[]> loadNames() {
        Map<String, int[]> names = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                CssColor.class.getResourceAsStream("/badge/css-color-names.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split(" ");
                    names.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSS colour names", e);
        }
        return Map.copyOf(names);
    }
}
