package tally.badge;

/** The parts every style shares: the accessible svg root with its title, and the logo image. */
final class SvgHead {
    private SvgHead() {
    }

    static void open(StringBuilder svg, double width, int height, String accessibleText) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
        Svg.num(svg, width).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"");
        Svg.escape(svg, accessibleText).append("\"><title>");
        Svg.escape(svg, accessibleText).append("</title>");
    }

    /** badge-maker's logo element: 14 px high, vertically centred, {@code x} from the left edge. */
    static void logo(StringBuilder svg, Content content, double x, int badgeHeight) {
        if (content.logo() == null) {
            return;
        }
        svg.append("<image x=\"");
        Svg.num(svg, x).append("\" y=\"");
        Svg.num(svg, 0.5 * (badgeHeight - 14)).append("\" width=\"").append(content.logoWidth())
            .append("\" height=\"14\" href=\"");
        Svg.escape(svg, content.logo()).append("\"/>");
    }
}
