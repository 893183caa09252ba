package tally.analytics;

/** At most one filter of a report: a page, or a referrer, country or browser value. */
public record Filter(Dimension dimension, String value) {

    public boolean byPage() {
        return dimension == Dimension.PAGE;
    }
}
