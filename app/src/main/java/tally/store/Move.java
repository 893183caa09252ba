package tally.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import tally.StorageException;

/**
 * Moving a whole database to another backend ({@code migrate-to}): every table read from one snapshot of the
 * source and written into an empty target in one transaction, then checked, so the target ends with all or nothing.
 */
public final class Move {

    private Move() {
    }

    /** The database moved from, read-only in one snapshot, so a server may keep counting meanwhile. */
    public interface Source extends AutoCloseable {

        /** A connection inside one read-only transaction that is never committed. */
        Connection snapshot();

        boolean postgres();

        /** What says two ends are the same database, whatever their spelling. */
        String identity();

        /** For messages: never holds a password. */
        String name();

        @Override
        void close();
    }

    /** The database moved to: empty, written in one transaction. */
    public interface Target {

        boolean postgres();

        /** What says two ends are the same database, whatever their spelling. */
        String identity();

        /** For messages: never holds a password. */
        String name();

        /**
         * Brings the target to the current schema and runs the work in the same transaction, which is committed
         * only if the work returns; a target that holds any counter, token, day or analytics row is refused
         * with nothing written, and any failure leaves the target as it was.
         */
        <T> T write(Work<T> work);
    }

    /** Work done on the target's connection, inside its one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection target) throws SQLException;
    }

    /**
     * Copies every table from the source's snapshot into the target and checks, before the commit, that each
     * table holds as many rows in both and that the counts and daily hits add up to the same sums.
     */
    public static TableCopy.Totals run(Source source, Target target) {
        if (source.identity().equals(target.identity())) {
            throw new StorageException(target.name() + " is TALLY_DB itself: name another database to move to", null);
        }
        return target.write(c -> {
            Map<String, Long> copied = TableCopy.copy(source.snapshot(), source.postgres(), c, target.postgres());
            TableCopy.Totals inSource = TableCopy.totals(source.snapshot());
            TableCopy.Totals inTarget = TableCopy.totals(c);
            if (!copied.equals(inSource.rows()) || !inTarget.equals(inSource)) {
                throw new StorageException("the copy does not add up, so nothing was written: the source holds "
                        + inSource + ", the target would hold " + inTarget, null);
            }
            return inTarget;
        });
    }
}
