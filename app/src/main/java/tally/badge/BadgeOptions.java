package tally.badge;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The badge parameters of a request (label, colours, style, view, number format, base, logo),
 * validated, with the message, badge and shields endpoint JSON they produce for a count.
 */
public record BadgeOptions(String label, String color, String labelColor, Style style, View view,
                           boolean abbreviated, long base, String logo, Integer logoWidth) {
    public static final String DEFAULT_LABEL = "hits";
    public static final String DEFAULT_COLOR = "#4c1";
    public static final String DEFAULT_LABEL_COLOR = "#555";
    private static final String SVG_LOGO = "data:image/svg+xml;base64,";
    private static final BadgeOptions DEFAULTS =
        new BadgeOptions(DEFAULT_LABEL, DEFAULT_COLOR, DEFAULT_LABEL_COLOR, Style.FLAT, View.TOTAL, false, 0, null, null);

    /** Label "hits", colour #4c1 on #555, flat, total, plain number, base 0, no logo. */
    public static BadgeOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Reads the badge parameters from a query map (as Javalin's ctx.queryParamMap() gives it),
     * ignoring names it does not own; aliases from visitor-badge and hits.seeyoufarm lose to the
     * primary names. Empty values mean the default, except for the label, where empty means none.
     *
     * @throws InvalidBadgeOption for a bad or repeated value
     */
    public static BadgeOptions parse(Map<String, List<String>> query) {
        Query q = new Query(query);
        String label = q.get("label", "left_text", "title");
        String color = q.get("color", "right_color", "count_bg");
        String labelColor = q.get("labelColor", "left_color", "title_bg");
        String style = q.get("style");
        String view = q.get("view");
        String abbreviated = q.get("abbreviated");
        String base = q.get("base");
        String logo = q.get("logo");
        String logoWidth = q.get("logoWidth");
        return new BadgeOptions(
            label == null ? DEFAULT_LABEL : OptionValues.label("label", label),
            isBlank(color) ? DEFAULT_COLOR : OptionValues.color("color", color),
            isBlank(labelColor) ? DEFAULT_LABEL_COLOR : OptionValues.color("labelColor", labelColor),
            isBlank(style) ? Style.FLAT : OptionValues.style(style),
            isBlank(view) ? View.TOTAL : OptionValues.view(view),
            abbreviated != null && OptionValues.flag("abbreviated", abbreviated),
            isBlank(base) ? 0 : OptionValues.base(base),
            isBlank(logo) ? null : OptionValues.logo(logo),
            isBlank(logoWidth) ? null : OptionValues.logoWidth(logoWidth));
    }

    /** Every name {@link #parse} reads, aliases included. */
    public static final Set<String> NAMES = Set.of("label", "left_text", "title", "color", "right_color", "count_bg",
        "labelColor", "left_color", "title_bg", "style", "view", "abbreviated", "base", "logo", "logoWidth");

    /** The error for a badge parameter whose percent-encoding cannot be decoded, such as {@code label=100%}. */
    public static InvalidBadgeOption undecodable(String name) {
        return new InvalidBadgeOption("bad " + name,
            name + " has an invalid percent-encoding: send % as %25, and escapes as %XX with two hex digits");
    }

    /**
     * Reads only {@code base} from a query map, for the representations that show a bare number (text,
     * JSON, live): the same number a badge of the same counter shows.
     *
     * @throws InvalidBadgeOption for a bad or repeated base
     */
    public static long base(Map<String, List<String>> query) {
        String base = new Query(query).get("base");
        return isBlank(base) ? 0 : OptionValues.base(base);
    }

    /** The total as shown: the stored count plus base (which is at most 10^15, so this cannot overflow a real count). */
    public static long shown(long total, long base) {
        return total > Long.MAX_VALUE - base ? Long.MAX_VALUE : total + base;
    }

    /** The text to show: "1234", "1.2k" when abbreviated, or "12 / 3,456" for today-total; base adds to the total. */
    public String message(long total, long today) {
        long shownTotal = shown(total, base);
        return switch (view) {
            case TOTAL -> number(shownTotal);
            case TODAY -> number(today);
            case TODAY_TOTAL -> grouped(today) + " / " + grouped(shownTotal);
        };
    }

    public Badge badge(long total, long today) {
        return new Badge(label, message(total, today), color, badgeLabelColor(), style, logo, logoWidth);
    }

    /**
     * shields.io's endpoint schema (https://shields.io/badges/endpoint-badge), keys in order. An SVG
     * logo travels as logoSvg; shields cannot take a PNG one, so that is left out.
     */
    public Map<String, Object> shieldsJson(long total, long today) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 1);
        json.put("label", label);
        json.put("message", message(total, today));
        json.put("color", color);
        String labelColor = badgeLabelColor();
        if (labelColor != null) {
            json.put("labelColor", labelColor);
        }
        if (logo != null && logo.startsWith(SVG_LOGO)) {
            byte[] svg = Base64.getDecoder().decode(logo.substring(SVG_LOGO.length()));
            json.put("logoSvg", new String(svg, StandardCharsets.UTF_8));
            if (logoWidth != null) {
                json.put("logoWidth", logoWidth);
            }
        }
        json.put("style", style.id());
        return json;
    }

    /**
     * shields draws an empty label segment whenever a label colour is given, so a message-only
     * badge leaves the default label colour out.
     */
    private String badgeLabelColor() {
        // badge-maker trims the label: one of spaces only is no label, and draws no grey part
        return Svg.trim(label).isEmpty() && DEFAULT_LABEL_COLOR.equals(labelColor) ? null : labelColor;
    }

    private String number(long n) {
        return abbreviated ? Metric.format(n) : Long.toString(n);
    }

    /** today-total puts two numbers side by side, so thousands are separated there: "12 / 3,456". */
    private String grouped(long n) {
        return abbreviated ? Metric.format(n) : String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isEmpty();
    }
}
