package tally.count;

import java.util.List;

/** What reading counters needs from storage: committed state, read on connections that never wait for the writer. */
public interface CounterReads {

    /** The counter's total and its hits on {@code day} (an ISO date, UTC), or null for a counter never counted. */
    CounterState countOf(CounterKey key, String day);

    /** The counter's days with hits from {@code firstDay} (an ISO date) on, oldest first. */
    List<History.Day> dailyHits(CounterKey key, String firstDay);

    /** True if the database answers a trivial read now. */
    boolean answers();
}
