package tally.analytics;

/**
 * One page view as it reaches the writer: only derived, bounded values, never an address or a
 * User-Agent. {@code hour} is the start of its UTC hour in epoch seconds. A private view (DNT or
 * Sec-GPC) and a bot's view carry no dimensions (their fields are null); a bot is counted apart.
 */
public record View(String site, long hour, String page, String title, boolean bot, boolean optedOut,
                   boolean newVisitor, boolean newOnPage, String referrer, String browser, String version,
                   String os, String device, String country, String resolution) {

    static View bot(String site, long hour) {
        return new View(site, hour, null, null, true, false, false, false, null, null, null, null, null, null, null);
    }

    static View privately(String site, long hour) {
        return new View(site, hour, null, null, false, true, false, false, null, null, null, null, null, null, null);
    }

    /** True when the view records its page and dimensions. */
    boolean detailed() {
        return !bot && !optedOut;
    }
}
