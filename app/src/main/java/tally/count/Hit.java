package tally.count;

/**
 * One hit to count: the counter and the browser's refresh-suppression token, if any. {@code returning}
 * says the browser sent the token (so it may have been counted before); a token just issued has not.
 */
public record Hit(CounterKey key, Token token, boolean returning) {
}
