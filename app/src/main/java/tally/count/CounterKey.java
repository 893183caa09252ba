package tally.count;

/**
 * Which counter: a normalised URL, an opaque {@code page_id}, or a named live counter. The kinds are
 * stored apart, so a page_id never collides with a URL of the same text.
 */
public record CounterKey(Kind kind, String key) {

    /** The three namespaces of counters. */
    public enum Kind {
        URL("url"), PAGE("page"), NAMED("named");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        /** The value stored in {@code counters.kind}. */
        public String column() {
            return column;
        }

        /** The kind stored as {@code column}; IllegalArgumentException for any other value. */
        public static Kind ofColumn(String column) {
            for (Kind k : values()) {
                if (k.column.equals(column)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown counter kind '" + column + "'");
        }
    }

    /** The key as a client sees it: the normalised URL, or the page_id or name as given. */
    @Override
    public String toString() {
        return key;
    }
}
