package tally.badge;

import java.util.Base64;
import java.util.Locale;

/** Validates one badge parameter value each; every refusal says what to send instead. */
final class OptionValues {
    static final long MAX_BASE = 1_000_000_000_000_000L;
    static final int MAX_LABEL = 256;
    static final int MAX_LOGO = 8192;
    static final int MAX_LOGO_WIDTH = 100;
    private static final String SVG_LOGO = "data:image/svg+xml;base64,";
    private static final String PNG_LOGO = "data:image/png;base64,";

    private OptionValues() {
    }

    static String label(String name, String raw) {
        if (raw.codePointCount(0, raw.length()) > MAX_LABEL) { // characters, as the docs count them, not UTF-16 units
            throw new InvalidBadgeOption("label too long", name + " must be at most " + MAX_LABEL + " characters");
        }
        // The query's decoder puts U+FFFD where bytes were not UTF-8 (as url and page_id refuse them, so does a label).
        if (raw.indexOf('\uFFFD') >= 0) {
            throw new InvalidBadgeOption("bad " + name, name + " is not valid UTF-8: percent-encode the UTF-8 bytes of its text");
        }
        return raw;
    }

    /** A colour in shields' normalised form: a name ("brightgreen"), "#hex", or a lower-cased CSS colour. */
    static String color(String name, String raw) {
        String normalized = raw.length() > 64 ? null : Colors.normalize(Svg.trim(raw).toLowerCase(Locale.ROOT));
        if (normalized == null) {
            throw new InvalidBadgeOption("bad " + name, name + " must be a colour name (brightgreen, blue, ...), "
                + "3- or 6-digit hex (4c1 or #4c1), rgb(), hsl() or a CSS colour name");
        }
        return normalized;
    }

    static Style style(String raw) {
        Style style = Style.fromId(raw.toLowerCase(Locale.ROOT));
        if (style == null) {
            throw new InvalidBadgeOption("bad style", "style must be flat, flat-square, plastic, for-the-badge or social");
        }
        return style;
    }

    static View view(String raw) {
        View view = View.fromId(raw.toLowerCase(Locale.ROOT));
        if (view == null) {
            throw new InvalidBadgeOption("bad view", "view must be total, today or today-total");
        }
        return view;
    }

    /** A flag: present without a value, "true" or "1" turn it on; "false" or "0" off. */
    static boolean flag(String name, String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidBadgeOption("bad " + name, name + " must be true or false");
        };
    }

    static long base(String raw) {
        long value = wholeNumber(raw, MAX_BASE);
        if (value < 0) {
            throw new InvalidBadgeOption("bad base", "base must be a whole number from 0 to " + MAX_BASE);
        }
        return value;
    }

    static int logoWidth(String raw) {
        long value = wholeNumber(raw, MAX_LOGO_WIDTH);
        if (value < 1) {
            throw new InvalidBadgeOption("bad logoWidth", "logoWidth must be a whole number from 1 to " + MAX_LOGO_WIDTH);
        }
        return (int) value;
    }

    /**
     * A base64 SVG or PNG data URI of at most 8 KB, the SVG a plain drawing ({@link LogoSvg}); spaces (a '+'
     * decoded from a query) become '+' again.
     */
    static String logo(String raw) {
        String logo = raw.indexOf(' ') >= 0 ? raw.replace(' ', '+') : raw;
        if (logo.length() > MAX_LOGO) {
            throw new InvalidBadgeOption("logo too large", "logo must be a data URI of at most " + MAX_LOGO + " bytes");
        }
        int start = logo.startsWith(SVG_LOGO) ? SVG_LOGO.length() : logo.startsWith(PNG_LOGO) ? PNG_LOGO.length() : -1;
        if (start < 0 || !isBase64(logo, start)) {
            throw new InvalidBadgeOption("bad logo",
                "logo must be a data:image/svg+xml;base64, or data:image/png;base64, URI");
        }
        if (start == SVG_LOGO.length()) {
            LogoSvg.check(Base64.getDecoder().decode(logo.substring(start)));
        }
        return logo;
    }

    private static boolean isBase64(String s, int start) {
        if (start == s.length()) {
            return false;
        }
        try {
            Base64.getDecoder().decode(s.substring(start));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The digits as a number, or -1 when they are not digits or exceed {@code max}. */
    private static long wholeNumber(String raw, long max) {
        String s = raw.trim();
        if (s.isEmpty() || s.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }
}
