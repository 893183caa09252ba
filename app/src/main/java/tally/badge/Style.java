package tally.badge;

/** The five badge styles shields.io draws, named as in its {@code style} parameter. */
public enum Style {
    FLAT("flat"), FLAT_SQUARE("flat-square"), PLASTIC("plastic"), FOR_THE_BADGE("for-the-badge"), SOCIAL("social");

    private final String id;

    Style(String id) {
        this.id = id;
    }

    /** The parameter value, e.g. "flat-square". */
    public String id() {
        return id;
    }

    /** The style named {@code id}, or null when there is none. */
    public static Style fromId(String id) {
        for (Style style : values()) {
            if (style.id.equals(id)) {
                return style;
            }
        }
        return null;
    }
}
