package tally.badge;

/**
 * A badge ready to lay out: texts trimmed and made XML-safe, colours resolved to fill values (null
 * when not given or invalid), and the logo with its effective width (0 without a logo).
 */
record Content(String label, String message, String color, String labelColor, String logo, int logoWidth) {
    private static final int DEFAULT_LOGO_WIDTH = 14;

    static Content of(Badge badge) {
        String logo = badge.logo() == null || badge.logo().isEmpty() ? null : badge.logo();
        int logoWidth = 0;
        if (logo != null) {
            logoWidth = badge.logoWidth() == null || badge.logoWidth() == 0 ? DEFAULT_LOGO_WIDTH : badge.logoWidth();
        }
        return new Content(clean(badge.label()), clean(badge.message()), Colors.toSvg(badge.color()),
            Colors.toSvg(badge.labelColor()), logo, logoWidth);
    }

    private static String clean(String text) {
        return text == null ? "" : Svg.trim(Svg.sanitize(text));
    }

    Content withTexts(String newLabel, String newMessage) {
        return new Content(newLabel, newMessage, color, labelColor, logo, logoWidth);
    }

    /** What screen readers read: "label: message", or the message alone. */
    String accessibleText() {
        return label.isEmpty() ? message : label + ": " + message;
    }

    int logoLength() {
        return logo == null ? 0 : logo.length();
    }
}
