package tally.analytics;

/**
 * One page view as it reaches the writer: only derived, bounded values, never an address or a
 * User-Agent. {@code hour} is the start of its UTC hour in epoch seconds. A private view (DNT or
 * Sec-GPC) and a bot's view carry no dimensions (their fields are null); a bot is counted apart.
 * The three {@code new} flags say whether this is the visitor's first view today on the site, on the
 * page, and from the referrer: what each report's uniques count.
 */
public record View(String site, long hour, String page, String title, boolean bot, boolean optedOut,
                   boolean newVisitor, boolean newOnPage, boolean newFromReferrer, String referrer, String browser,
                   String version, String os, String device, String country, String resolution) {

    static View bot(String site, long hour) {
        return new View(site, hour, null, null, true, false, false, false, false, null, null, null, null, null, null, null);
    }

    static View privately(String site, long hour) {
        return new View(site, hour, null, null, false, true, false, false, false, null, null, null, null, null, null, null);
    }

    /** True when the view records its page and dimensions. */
    boolean detailed() {
        return !bot && !optedOut;
    }

    /** The view's value of a listed dimension (null when it has none); the page for {@code page}. */
    public String value(Dimension d) {
        return switch (d) {
            case PAGE -> page;
            case UNIQUE -> null;
            case REFERRER -> referrer;
            case BROWSER -> browser;
            case VERSION -> version;
            case OS -> os;
            case DEVICE -> device;
            case COUNTRY -> country;
            case RESOLUTION -> resolution;
        };
    }
}
