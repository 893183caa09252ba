package tally.badge;

import java.util.List;
import java.util.Map;

/** The parameters of a history chart: how many days, the title and the bars' colour, validated. */
public record HistoryOptions(int days, String label, String color) {
    public static final int DEFAULT_DAYS = 60;
    public static final int MAX_DAYS = 366;

    /**
     * Reads {@code days} (1 to 366, default 60), {@code label} (default "hits") and {@code color}
     * (a badge colour, default the badge's green) from a query map.
     *
     * @throws InvalidBadgeOption for a bad or repeated value
     */
    public static HistoryOptions parse(Map<String, List<String>> query) {
        Query q = new Query(query);
        String label = q.get("label");
        String color = q.get("color");
        Integer days = days(query);
        return new HistoryOptions(days == null ? DEFAULT_DAYS : days,
            label == null || label.isBlank() ? BadgeOptions.DEFAULT_LABEL : OptionValues.label("label", label),
            color == null || color.isBlank() ? BadgeOptions.DEFAULT_COLOR : OptionValues.color("color", color));
    }

    /**
     * The {@code days} parameter, 1 to 366, or null when it is absent or empty.
     *
     * @throws InvalidBadgeOption for anything else
     */
    public static Integer days(Map<String, List<String>> query) {
        String raw = new Query(query).get("days");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        if (!s.matches("[0-9]{1,3}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > MAX_DAYS) {
            throw new InvalidBadgeOption("bad days", "days must be a whole number from 1 to " + MAX_DAYS + ", in ASCII digits 0-9");
        }
        return Integer.parseInt(s);
    }
}
