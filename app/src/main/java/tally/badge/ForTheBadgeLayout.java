package tally.badge;

import java.util.Locale;

/**
 * Draws the for-the-badge style: upper-case 10px Verdana (bold message), letter-spaced, 28 px
 * high; a port of badge-maker 6.0.0's forTheBadge (shields.io), producing byte-identical SVG.
 */
final class ForTheBadgeLayout {
    private static final int HEIGHT = 28;
    private static final int TEXT_MARGIN = 12;
    private static final int LOGO_MARGIN = 9;
    private static final int LOGO_TEXT_GUTTER = 6;
    private static final double LETTER_SPACING = 1.25;
    private static final String FOREGROUND = "<g fill=\"#fff\" text-anchor=\"middle\" "
        + "font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" text-rendering=\"geometricPrecision\" font-size=\"100\">";

    private final FontMetrics regular;
    private final FontMetrics bold;

    ForTheBadgeLayout(FontMetrics verdana10, FontMetrics verdana10Bold) {
        this.regular = verdana10;
        this.bold = verdana10Bold;
    }

    String render(Content t) {
        String label = t.label().toUpperCase(Locale.ROOT);
        String message = t.message().toUpperCase(Locale.ROOT);
        String color = t.color() == null ? "#4b0" : t.color();
        String labelColor = t.labelColor() == null ? "#555" : t.labelColor();
        boolean hasLogo = t.logo() != null;
        int logoWidth = t.logoWidth();

        // Like badge-maker, spacing counts UTF-16 units, not code points.
        double labelTextWidth = label.isEmpty() ? 0 : (int) regular.widthOf(label) + LETTER_SPACING * label.length();
        double messageTextWidth = message.isEmpty() ? 0 : (int) bold.widthOf(message) + LETTER_SPACING * message.length();
        boolean hasLabel = !label.isEmpty();
        boolean needsLabelRect = hasLabel || (hasLogo && t.labelColor() != null);
        int gutter = !hasLabel && message.isEmpty() ? LOGO_TEXT_GUTTER - LOGO_MARGIN : LOGO_TEXT_GUTTER;
        double labelTextMinX = hasLogo ? LOGO_MARGIN + logoWidth + gutter : TEXT_MARGIN;
        double labelRectWidth = 0;
        double messageTextMinX;
        double messageRectWidth;
        if (needsLabelRect) {
            labelRectWidth = hasLabel ? labelTextMinX + labelTextWidth + TEXT_MARGIN : 2 * LOGO_MARGIN + logoWidth;
            messageTextMinX = labelRectWidth + TEXT_MARGIN;
            messageRectWidth = 2 * TEXT_MARGIN + messageTextWidth;
        } else if (hasLogo) {
            messageTextMinX = TEXT_MARGIN + logoWidth + gutter;
            messageRectWidth = 2 * TEXT_MARGIN + logoWidth + gutter + messageTextWidth;
        } else {
            messageTextMinX = TEXT_MARGIN;
            messageRectWidth = 2 * TEXT_MARGIN + messageTextWidth;
        }

        StringBuilder svg = new StringBuilder(900 + 4 * (label.length() + message.length()) + t.logoLength());
        String accessible = label.isEmpty() ? message : label + ": " + message;
        SvgHead.open(svg, labelRectWidth + messageRectWidth, HEIGHT, accessible);
        svg.append("<g shape-rendering=\"crispEdges\">");
        if (needsLabelRect) {
            svg.append("<rect width=\"");
            Svg.num(svg, labelRectWidth).append("\" height=\"28\" fill=\"");
            Svg.escape(svg, labelColor).append("\"/><rect x=\"");
            Svg.num(svg, labelRectWidth).append("\" width=\"");
        } else {
            svg.append("<rect width=\"");
        }
        Svg.num(svg, messageRectWidth).append("\" height=\"28\" fill=\"");
        Svg.escape(svg, color).append("\"/></g>").append(FOREGROUND);
        SvgHead.logo(svg, t, LOGO_MARGIN, HEIGHT);
        if (hasLabel) {
            text(svg, label, labelTextMinX, labelTextWidth, labelColor, false);
        }
        text(svg, message, messageTextMinX, messageTextWidth, color, true);
        return svg.append("</g></svg>").toString();
    }

    private static void text(StringBuilder svg, String content, double minX, double textWidth, String background,
                             boolean isBold) {
        svg.append("<text transform=\"scale(.1)\" x=\"");
        Svg.num(svg, 10 * (minX + 0.5 * textWidth)).append("\" y=\"175\" textLength=\"");
        Svg.num(svg, 10 * textWidth).append('"');
        if (isBold) {
            svg.append(" font-weight=\"bold\"");
        }
        svg.append(Colors.isLight(background) ? " fill=\"#333\">" : ">");
        Svg.escape(svg, content).append("</text>");
    }
}
