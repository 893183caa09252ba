package tally.count;

/**
 * Whether a hit may create its counter, asked by the hit writer only when the counter is new in its batch
 * (so hits on existing counters cost no look-up). A refused hit creates nothing and is answered with 0.
 */
@FunctionalInterface
public interface Creation {

    /** Any hit may create its counter. */
    Creation ANY = () -> true;

    /** True if this hit may create a counter now; a true answer is counted against the client's allowance. */
    boolean allow();
}
