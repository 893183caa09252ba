package tally.count;

import java.util.List;
import tally.StorageException;
import tally.analytics.View;

/**
 * What the hit writer needs from storage: each batch applied in one transaction, and the housekeeping between
 * batches. Failures are thrown as tally.StorageException.
 */
public interface Ledger {

    /**
     * Applies the hits and the page views in one transaction, committed when this returns, and answers each
     * hit's counter state in the hits' order. A hit counts unless its token was
     * counted for its counter at or after {@code suppressSince}; {@code day} is today's ISO date (UTC).
     */
    List<CounterState> commit(List<Hit> hits, List<View> views, long now, long suppressSince, String day);

    /**
     * Folds into the aggregates any page views that commits held back (committed, so already counted in reads);
     * the writer calls it when it falls idle and after its last batch. Nothing to do where commit folds at once.
     */
    default void settle() {
    }

    /** Makes everything committed durable; nothing to do where a commit is durable when it returns. */
    void makeDurable();

    /** Deletes at most {@code limit} refresh tokens counted before {@code before} (epoch ms); answers how many. */
    int forgetTokens(long before, int limit);

    /** Rolls one site's day of hourly page-view rows before {@code before} (epoch s) into one row; false when none is left. */
    boolean rollUpOneDay(long before);

    /**
     * Adds one finished day, ended before {@code before} (epoch s), to the per-day lists that unfiltered reports over
     * long ranges read; false when no day is left to add now. Nothing to do where reports read only the hours.
     */
    default boolean addOneDayList(long before) {
        return false;
    }

    /**
     * True when this process is the database's only writer, so the writer may remember what it committed and
     * answer reads from memory; false when other instances write too, and every read goes to the database.
     */
    boolean soleWriter();
}
