package tally.badge;

import java.util.Locale;

/**
 * Draws the social style (GitHub-like: a capitalised label box and a speech-bubble count in bold
 * 11px Helvetica); a port of badge-maker 6.0.0's social (shields.io), producing byte-identical SVG.
 */
final class SocialLayout {
    private static final String STYLE_AND_GRADIENTS =
        "<style>a:hover #llink{fill:url(#b);stroke:#ccc}a:hover #rlink{fill:#4183c4}</style>"
        + "<linearGradient id=\"a\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#fcfcfc\" stop-opacity=\"0\"/>"
        + "<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
        + "<linearGradient id=\"b\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#ccc\" stop-opacity=\".1\"/>"
        + "<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>";
    private static final String FOREGROUND = "<g aria-hidden=\"true\" fill=\"#333\" text-anchor=\"middle\" "
        + "font-family=\"Helvetica Neue,Helvetica,Arial,sans-serif\" text-rendering=\"geometricPrecision\" "
        + "font-weight=\"700\" font-size=\"110px\" line-height=\"14px\">";
    private static final int LABEL_PAD = 5;
    private static final int MESSAGE_PAD = 4;
    private static final int GUTTER = 6;

    private final FontMetrics font;

    SocialLayout(FontMetrics helvetica11Bold) {
        this.font = helvetica11Bold;
    }

    String render(Content t) {
        String label = capitalize(t.label());
        String message = t.message();
        boolean hasMessage = !message.isEmpty();
        int totalLogoWidth = t.logoWidth() + (t.logo() != null && !t.label().isEmpty() ? 3 : 0);
        int labelTextWidth = preferredWidth(label);
        int messageTextWidth = preferredWidth(message);
        int labelRectWidth = labelTextWidth + totalLogoWidth + 2 * LABEL_PAD;
        int messageRectWidth = messageTextWidth + 2 * MESSAGE_PAD;
        int width = labelRectWidth + 1 + (hasMessage ? GUTTER + messageRectWidth : 0);

        StringBuilder svg = new StringBuilder(1800 + 4 * (label.length() + message.length()) + t.logoLength());
        SvgHead.open(svg, width, 20, label.isEmpty() ? message : label + ": " + message);
        svg.append(STYLE_AND_GRADIENTS).append("<g stroke=\"#d5d5d5\"><rect stroke=\"none\" fill=\"#fcfcfc\" ")
            .append("x=\".5\" y=\".5\" width=\"").append(labelRectWidth).append("\" height=\"19\" rx=\"2\"/>");
        if (hasMessage) {
            int notchX = labelRectWidth + GUTTER;
            svg.append("<rect x=\"").append(notchX).append(".5\" y=\".5\" width=\"").append(messageRectWidth)
                .append("\" height=\"19\" rx=\"2\" fill=\"#fafafa\"/><rect x=\"").append(notchX)
                .append("\" y=\"7.5\" width=\".5\" height=\"5\" stroke=\"#fafafa\"/><path d=\"M").append(notchX)
                .append(".5 6.5 l-3 3v1 l3 3\" fill=\"#fafafa\"/>");
        }
        svg.append("</g>");
        SvgHead.logo(svg, t, LABEL_PAD, 20);
        svg.append(FOREGROUND).append("<rect id=\"llink\" stroke=\"#d5d5d5\" fill=\"url(#a)\" x=\".5\" y=\".5\" width=\"")
            .append(labelRectWidth).append("\" height=\"19\" rx=\"2\"/>");
        text(svg, label, 10 * totalLogoWidth + 5 * labelTextWidth + 10 * LABEL_PAD, 10 * labelTextWidth, "");
        if (hasMessage) {
            int x = 10 * (labelRectWidth + GUTTER) + 5 * messageRectWidth;
            text(svg, message, x, 10 * messageTextWidth, " id=\"rlink\"");
        }
        return svg.append("</g></svg>").toString();
    }

    private static void text(StringBuilder svg, String content, int x, int textLength, String id) {
        svg.append("<text aria-hidden=\"true\" x=\"").append(x).append("\" y=\"150\" fill=\"#fff\" transform=\"scale(.1)\" ")
            .append("textLength=\"").append(textLength).append("\">");
        Svg.escape(svg, content).append("</text><text").append(id).append(" x=\"").append(x)
            .append("\" y=\"140\" transform=\"scale(.1)\" textLength=\"").append(textLength).append("\">");
        Svg.escape(svg, content).append("</text>");
    }

    /** Upper-cases the first UTF-16 unit only, as badge-maker's capitalize does. */
    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private int preferredWidth(String text) {
        int width = (int) font.widthOf(text);
        return width % 2 == 0 ? width + 1 : width;
    }
}
