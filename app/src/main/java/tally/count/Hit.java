package tally.count;

/** One hit to count: the counter and, when the browser sent one, its refresh-suppression token. */
public record Hit(CounterKey key, String token) {
}
