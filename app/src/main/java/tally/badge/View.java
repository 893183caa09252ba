package tally.badge;

/** Which count a badge shows: the all-time total, today's hits (UTC), or both. */
public enum View {
    TOTAL("total"), TODAY("today"), TODAY_TOTAL("today-total");

    private final String id;

    View(String id) {
        this.id = id;
    }

    /** The parameter value, e.g. "today-total". */
    public String id() {
        return id;
    }

    /** The view named {@code id}, or null when there is none. */
    public static View fromId(String id) {
        for (View view : values()) {
            if (view.id.equals(id)) {
                return view;
            }
        }
        return null;
    }
}
