package tally.badge;

/**
 * Draws the flat, flat-square and plastic styles: a port of the geometry of badge-maker 6.0.0's
 * Badge, Flat, FlatSquare and Plastic classes (shields.io, CC0), producing byte-identical SVG.
 */
final class ClassicLayout {
    private static final int PAD = 5;
    private static final String FOREGROUND = "<g fill=\"#fff\" text-anchor=\"middle\" "
        + "font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" text-rendering=\"geometricPrecision\" font-size=\"110\">";
    private static final String BLUR = "<filter id=\"blur\"><feGaussianBlur stdDeviation=\"16\"/></filter>";
    private static final String FLAT_GRADIENT = "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\">"
        + "<stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>";
    private static final String PLASTIC_GRADIENT = "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\">"
        + "<stop offset=\"0\" stop-color=\"#fff\" stop-opacity=\".7\"/><stop offset=\".1\" stop-color=\"#aaa\" stop-opacity=\".1\"/>"
        + "<stop offset=\".9\" stop-color=\"#000\" stop-opacity=\".3\"/><stop offset=\"1\" stop-color=\"#000\" stop-opacity=\".5\"/>"
        + "</linearGradient>";

    private final FontMetrics font;

    ClassicLayout(FontMetrics verdana11) {
        this.font = verdana11;
    }

    String render(Content t, Style style) {
        boolean plastic = style == Style.PLASTIC;
        boolean shadow = style != Style.FLAT_SQUARE;
        int height = plastic ? 18 : 20;
        int verticalMargin = plastic ? -10 : 0;
        String label = t.label();
        String message = t.message();
        boolean hasLogo = t.logo() != null;
        int totalLogoWidth = t.logoWidth() + (hasLogo && !label.isEmpty() ? 3 : 0);
        boolean hasLabel = !label.isEmpty() || t.labelColor() != null;
        String color = t.color() == null ? "#4b0" : t.color();
        String labelColor = t.labelColor() == null ? "#555" : t.labelColor();
        labelColor = hasLabel || hasLogo ? labelColor : color;

        int labelMargin = totalLogoWidth + 1;
        int labelWidth = label.isEmpty() ? 0 : preferredWidth(label);
        int leftWidth = hasLabel ? labelWidth + 2 * PAD + totalLogoWidth : 0;
        int messageWidth = preferredWidth(message);
        int messageMargin = leftWidth - (message.isEmpty() ? 0 : 1);
        if (!hasLabel) {
            messageMargin += hasLogo ? totalLogoWidth + PAD : 1;
        }
        int rightWidth = messageWidth + 2 * PAD;
        if (hasLogo && !hasLabel) {
            rightWidth += totalLogoWidth + (message.isEmpty() ? 0 : PAD - 1);
        }
        int width = leftWidth + rightWidth;

        StringBuilder svg = new StringBuilder(1200 + 4 * (label.length() + message.length()) + t.logoLength());
        SvgHead.open(svg, width, height, t.accessibleText());
        if (shadow) {
            svg.append(BLUR).append(plastic ? PLASTIC_GRADIENT : FLAT_GRADIENT);
            svg.append("<clipPath id=\"r\"><rect width=\"").append(width).append("\" height=\"").append(height)
                .append("\" rx=\"").append(plastic ? 4 : 3).append("\"/></clipPath><g clip-path=\"url(#r)\">");
        } else {
            svg.append("<g shape-rendering=\"crispEdges\">");
        }
        svg.append("<rect width=\"").append(leftWidth).append("\" height=\"").append(height).append("\" fill=\"");
        Svg.escape(svg, labelColor).append("\"/><rect x=\"").append(leftWidth).append("\" width=\"").append(rightWidth)
            .append("\" height=\"").append(height).append("\" fill=\"");
        Svg.escape(svg, color).append("\"/>");
        if (shadow) {
            svg.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"url(#s)\"/>");
        }
        svg.append("</g>").append(FOREGROUND);
        SvgHead.logo(svg, t, PAD, height);
        text(svg, shadow, labelMargin, label, labelColor, labelWidth, verticalMargin);
        text(svg, shadow, messageMargin, message, color, messageWidth, verticalMargin);
        return svg.append("</g></svg>").toString();
    }

    private void text(StringBuilder svg, boolean shadow, int leftMargin, String content, String background,
                      int textWidth, int verticalMargin) {
        if (content.isEmpty()) {
            return;
        }
        boolean light = Colors.isLight(background);
        int x = 10 * leftMargin + 5 * textWidth + 10 * PAD;
        int y = 140 + verticalMargin;
        int textLength = 10 * textWidth;
        if (!shadow) {
            svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" textLength=\"").append(textLength)
                .append("\" transform=\"scale(.1)\"").append(light ? " fill=\"#333\">" : ">");
            Svg.escape(svg, content).append("</text>");
            return;
        }
        svg.append("<g transform=\"scale(.1)\"><g aria-hidden=\"true\" fill=\"").append(light ? "#ccc" : "#010101")
            .append("\"><text x=\"").append(x).append("\" y=\"").append(y + 10)
            .append("\" fill-opacity=\".8\" filter=\"url(#blur)\" textLength=\"").append(textLength).append("\">");
        Svg.escape(svg, content).append("</text><text x=\"").append(x).append("\" y=\"").append(y + 10)
            .append("\" fill-opacity=\".3\" textLength=\"").append(textLength).append("\">");
        Svg.escape(svg, content).append("</text></g><text x=\"").append(x).append("\" y=\"").append(y)
            .append("\" textLength=\"").append(textLength).append(light ? "\" fill=\"#333\">" : "\">");
        Svg.escape(svg, content).append("</text></g>");
    }

    /** badge-maker rounds widths down, then up to an odd number, to improve pixel-grid alignment. */
    private int preferredWidth(String text) {
        int width = (int) font.widthOf(text);
        return width % 2 == 0 ? width + 1 : width;
    }
}
