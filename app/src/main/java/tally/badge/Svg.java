package tally.badge;

import java.math.BigDecimal;

/** Text helpers for writing SVG: XML escaping, JavaScript-compatible trimming and number printing. */
final class Svg {
    private Svg() {
    }

    /** Appends text escaped as badge-maker escapes it (all five XML entities). */
    static StringBuilder escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out;
    }

    /**
     * Removes what XML 1.0 cannot hold (C0 controls other than tab, CR and LF; U+FFFE, U+FFFF) and
     * replaces lone surrogates with U+FFFD. Controls measure 0 px in shields, so widths do not change.
     */
    static String sanitize(String text) {
        int i = 0;
        while (i < text.length() && isPlain(text, i)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else if (!isIllegal(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isPlain(String text, int i) {
        char c = text.charAt(i);
        return !isIllegal(c) && !Character.isSurrogate(c);
    }

    private static boolean isIllegal(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF';
    }

    /** Trims the characters JavaScript's String.prototype.trim trims (Unicode spaces and line breaks). */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    private static boolean isJsSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F',
                 '\u205F', '\u3000', '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    /** Prints a number as JavaScript would: integers without a fraction, others in shortest form. */
    static StringBuilder num(StringBuilder out, double value) {
        long whole = (long) value;
        if (whole == value) {
            return out.append(whole);
        }
        return out.append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
    }
}
