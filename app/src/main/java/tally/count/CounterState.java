package tally.count;

/** A counter's state after a hit or a read: the total, today's hits (UTC) and whether this hit counted. */
public record CounterState(CounterKey key, long count, long today, boolean counted) {
}
