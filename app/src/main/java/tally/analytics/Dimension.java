package tally.analytics;

/** What a stored bucket counts, and the name it is stored under (never renamed: rows hold it). */
public enum Dimension {
    PAGE("page"), UNIQUE("unique"), REFERRER("referrer"), BROWSER("browser"), VERSION("version"), OS("os"),
    DEVICE("device"), COUNTRY("country"), RESOLUTION("resolution");

    private final String key;

    Dimension(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
