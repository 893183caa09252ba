package tally.badge;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Draws a counter's daily hits as a bar chart with a count axis and date labels, for a README next to
 * its badge: 600x190 (it scales down with the page), transparent, with text colours for light and dark.
 */
final class HistoryChart {
    static final int WIDTH = 600;
    static final int HEIGHT = 190;
    private static final int LEFT = 46;
    private static final int RIGHT = WIDTH - 10;
    private static final int TOP = 44;
    private static final int BOTTOM = HEIGHT - 26;
    private static final double MAX_LABEL_PX = 250;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final String STYLE = "<style>.fg{fill:#59636e}.em{fill:#1f2328}.grid{stroke:#59636e}"
        + "@media (prefers-color-scheme:dark){.fg{fill:#9198a1}.em{fill:#f0f6fc}.grid{stroke:#9198a1}}</style>";
    private static final String FONT = "font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\"";

    private final FontMetrics font;

    HistoryChart(FontMetrics verdana11) {
        this.font = verdana11;
    }

    /** The chart of {@code hits}, one per day from {@code first}; the last day is today. */
    String render(HistoryOptions options, LocalDate first, long[] hits, long total) {
        String label = fit(Svg.sanitize(options.label()));
        String color = Colors.toSvg(options.color());
        long today = hits.length == 0 ? 0 : hits[hits.length - 1];
        String span = options.days() == 1 ? "today" : "last " + options.days() + " days";
        String summary = label + ": " + grouped(total) + " in total, " + grouped(today) + " today (" + span + ")";
        StringBuilder out = new StringBuilder(2048 + hits.length * 80);
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"");
        Svg.escape(out, summary.replaceAll("[\\t\\n\\r]", " ")).append("\"><title>");
        Svg.escape(out, summary).append("</title>").append(STYLE);
        out.append("<g ").append(FONT).append(" font-size=\"15\">");
        out.append("<text x=\"").append(LEFT - 36).append("\" y=\"24\" class=\"em\" fill=\"#1f2328\" font-weight=\"bold\">");
        Svg.escape(out, label).append("<tspan class=\"fg\" fill=\"#59636e\" font-weight=\"normal\"> \u00b7 ")
            .append(span).append("</tspan></text>");
        out.append("<text x=\"").append(RIGHT).append("\" y=\"24\" text-anchor=\"end\" class=\"fg\" fill=\"#59636e\">")
            .append("<tspan class=\"em\" fill=\"#1f2328\" font-weight=\"bold\">").append(grouped(today)).append("</tspan> today \u00b7 ")
            .append("<tspan class=\"em\" fill=\"#1f2328\" font-weight=\"bold\">").append(grouped(total)).append("</tspan> total</text>");
        out.append("</g><g ").append(FONT).append(" font-size=\"12\" class=\"fg\" fill=\"#59636e\">");
        long max = 0;
        for (long h : hits) {
            max = Math.max(max, h);
        }
        if (max == 0) {
            empty(out, total == 0 ? "no hits yet" : "no hits in the " + span);
        } else {
            bars(out, hits, max, color);
        }
        dates(out, first, hits.length);
        return out.append("</g></svg>").toString();
    }

    private static void empty(StringBuilder out, String message) {
        line(out, LEFT, BOTTOM, RIGHT, BOTTOM, ".5");
        out.append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append((TOP + BOTTOM) / 2 + 4)
            .append("\" text-anchor=\"middle\" font-size=\"15\">").append(message).append("</text>");
    }

    private static void bars(StringBuilder out, long[] hits, long max, String color) {
        long step = step(max);
        long top = (max + step - 1) / step * step;
        for (long tick = 0; tick <= top; tick += step) {
            double y = BOTTOM - (double) tick / top * (BOTTOM - TOP);
            line(out, LEFT, y, RIGHT, y, tick == 0 ? ".5" : ".2");
            out.append("<text x=\"").append(LEFT - 6).append("\" y=\"");
            Svg.num(out, round(y + 4)).append("\" text-anchor=\"end\">").append(Metric.format(tick)).append("</text>");
        }
        double slot = (double) (RIGHT - LEFT) / hits.length;
        double width = Math.min(slot * (slot > 4 ? 0.72 : 0.85), 28);
        out.append("<g fill=\"").append(color).append("\">");
        for (int i = 0; i < hits.length; i++) {
            if (hits[i] == 0) {
                continue;
            }
            double height = Math.max(1, (double) hits[i] / top * (BOTTOM - TOP));
            out.append("<rect x=\"");
            Svg.num(out, round(LEFT + slot * i + (slot - width) / 2)).append("\" y=\"");
            Svg.num(out, round(BOTTOM - height)).append("\" width=\"");
            Svg.num(out, round(width)).append("\" height=\"");
            Svg.num(out, round(height)).append("\" rx=\"").append(width >= 4 ? "1.5" : "0").append("\"/>");
        }
        out.append("</g>");
    }

    /** Date labels under the bars, counted back from today so the last day is always labelled. */
    private static void dates(StringBuilder out, LocalDate first, int days) {
        if (days == 0) {
            return;
        }
        double slot = (double) (RIGHT - LEFT) / days;
        int every = (int) Math.ceil(days / Math.max(1.0, Math.floor((RIGHT - LEFT) / 90.0)));
        for (int i = days - 1; i >= 0; i -= every) {
            double x = Math.max(LEFT + 24, Math.min(RIGHT - 24, LEFT + slot * (i + 0.5)));
            out.append("<text x=\"");
            Svg.num(out, round(x)).append("\" y=\"").append(BOTTOM + 18).append("\" text-anchor=\"middle\">")
                .append(DAY.format(first.plusDays(i))).append("</text>");
        }
    }

    private static void line(StringBuilder out, double x1, double y1, double x2, double y2, String opacity) {
        out.append("<path class=\"grid\" stroke=\"#59636e\" stroke-opacity=\"").append(opacity).append("\" d=\"M");
        Svg.num(out, x1).append(' ');
        Svg.num(out, round(y1) + 0.5).append("H");
        Svg.num(out, x2).append("\"/>");
    }

    /** A round step (1, 2 or 5 times a power of ten) that divides 0..max into at most four parts. */
    static long step(long max) {
        double raw = max / 4.0;
        long magnitude = 1;
        while (magnitude <= Long.MAX_VALUE / 10 && magnitude * 10 <= raw) {
            magnitude *= 10;
        }
        for (long m : new long[] {1, 2, 5}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The label, cut with an ellipsis when it would run into the counts on the right. */
    private String fit(String label) {
        double scale = 15.0 / 11 * 1.1;
        if (font.widthOf(label) * scale <= MAX_LABEL_PX) {
            return label;
        }
        int end = label.length();
        while (end > 0 && font.widthOf(label.substring(0, end) + "\u2026") * scale > MAX_LABEL_PX) {
            end = Character.isLowSurrogate(label.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
        }
        return label.substring(0, end) + "\u2026";
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
