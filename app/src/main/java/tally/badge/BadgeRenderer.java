package tally.badge;

/**
 * Renders badges as SVG exactly as shields.io's badge-maker does; immutable and thread-safe, it
 * loads the font tables once.
 */
public final class BadgeRenderer {
    private static final String ERROR_COLOR = "#e05d44";

    private final ClassicLayout classic;
    private final ForTheBadgeLayout forTheBadge;
    private final SocialLayout social;
    private final HistoryChart history;

    public BadgeRenderer() {
        FontMetrics verdana11 = FontMetrics.load("/badge/fonts/verdana-11px-normal.json");
        this.classic = new ClassicLayout(verdana11);
        this.history = new HistoryChart(verdana11);
        this.forTheBadge = new ForTheBadgeLayout(FontMetrics.load("/badge/fonts/verdana-10px-normal.json"),
            FontMetrics.load("/badge/fonts/verdana-10px-bold.json"));
        this.social = new SocialLayout(FontMetrics.load("/badge/fonts/helvetica-11px-bold.json"));
    }

    /** The badge as a standalone SVG document; a pure function of its argument. */
    public String render(Badge badge) {
        Content content = Content.of(badge);
        Style style = badge.style() == null ? Style.FLAT : badge.style();
        return switch (style) {
            case FLAT, FLAT_SQUARE, PLASTIC -> classic.render(content, style);
            case FOR_THE_BADGE -> forTheBadge.render(content);
            case SOCIAL -> social.render(content);
        };
    }

    /**
     * A counter's history as a bar chart: {@code hits} holds one count per UTC day from {@code first} to
     * today; {@code total} is the counter's total. A pure function of its arguments.
     */
    public String history(HistoryOptions options, java.time.LocalDate first, long[] hits, long total) {
        return history.render(options, first, hits, total);
    }

    /** A red flat "label | reason" badge, e.g. error("hits", "no url"). */
    public String error(String label, String reason) {
        return render(new Badge(label, reason, ERROR_COLOR, null, Style.FLAT, null, null));
    }
}
