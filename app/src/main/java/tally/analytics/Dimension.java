package tally.analytics;

import java.util.List;

/** What a stored bucket counts, and the name it is stored under (never renamed: rows hold it). */
public enum Dimension {
    PAGE("page"), UNIQUE("unique"), REFERRER("referrer"), BROWSER("browser"), VERSION("version"), OS("os"),
    DEVICE("device"), COUNTRY("country"), RESOLUTION("resolution");

    /** The dimensions with a top list of their own, in the report's order. */
    public static final List<Dimension> LISTED = List.of(REFERRER, BROWSER, VERSION, OS, DEVICE, COUNTRY, RESOLUTION);
    /** The filters besides the page: each is stored paired with every other listed dimension (Increments.Pair). */
    public static final List<Dimension> PAIRED = List.of(REFERRER, COUNTRY, BROWSER);

    private final String key;

    Dimension(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
