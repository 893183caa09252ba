package tally.count;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A counter's public history: its total, and its hits per UTC day from {@code first} to {@code last}
 * (today), with every day present, oldest first. A counter never hit has total 0 and no days.
 */
public record History(CounterKey key, long total, LocalDate first, LocalDate last, List<Day> days) {

    /** The hits of one UTC day. */
    public record Day(LocalDate date, long hits) {
    }

    /** Fills the days without hits between first and last with zeros; rows outside that span are dropped. */
    static History of(CounterKey key, long total, LocalDate first, LocalDate last, List<Day> sparse) {
        List<Day> days = new ArrayList<>();
        int next = 0;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            while (next < sparse.size() && sparse.get(next).date().isBefore(d)) {
                next++;
            }
            boolean hit = next < sparse.size() && sparse.get(next).date().equals(d);
            days.add(new Day(d, hit ? sparse.get(next).hits() : 0));
        }
        return new History(key, total, first, last, List.copyOf(days));
    }

    /** The hits of the last day (today), 0 when there are no days. */
    public long lastDay() {
        return days.isEmpty() ? 0 : days.get(days.size() - 1).hits();
    }

    /** The hits per day, oldest first. */
    public long[] hits() {
        return days.stream().mapToLong(Day::hits).toArray();
    }
}
