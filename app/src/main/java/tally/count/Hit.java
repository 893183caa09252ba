package tally.count;

/**
 * One hit to count: the counter and the browser's refresh-suppression token, if any. {@code returning}
 * says the browser sent the token (so it may have been counted before); a token just issued has not.
 * {@code creation} says whether the hit may create a counter that does not exist yet.
 */
public record Hit(CounterKey key, Token token, boolean returning, Creation creation) {

    public Hit(CounterKey key, Token token, boolean returning) {
        this(key, token, returning, Creation.ANY);
    }
}
