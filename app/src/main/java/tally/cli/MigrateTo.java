package tally.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tally.Config;
import tally.store.Move;
import tally.store.sqlite.SqliteMove;
import tally.StorageException;
import tally.store.TableCopy;
import tally.store.postgres.PostgresMove;
import tally.store.postgres.PostgresUrl;

/** {@code migrate-to FILE-or-URL}: copies TALLY_DB, every table, into an empty PostgreSQL database or a new SQLite file. */
final class MigrateTo implements Command {

    @Override
    public String arguments() {
        return "FILE-or-URL";
    }

    @Override
    public String summary() {
        return "copy TALLY_DB into an empty PostgreSQL database (postgresql://...) or a new SQLite FILE, all or nothing;"
                + " stop the server first for an exact move (hits counted after the copy began are not moved)";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() != 1 || args.get(0).startsWith("-") || args.get(0).isBlank()) {
            err.println("tally: usage: java -jar tally.jar migrate-to FILE-or-URL (a new SQLite file, or postgresql://user@host:5432/database)");
            return 2;
        }
        String tallyDb = env.getOrDefault("TALLY_DB", "").trim();
        if (tallyDb.isEmpty()) {
            tallyDb = Config.VARIABLES.get("TALLY_DB")[0];
        }
        Move.Target target;
        Move.Source source;
        try {
            target = target(args.get(0), env);
            source = PostgresUrl.isPostgres(tallyDb) ? PostgresMove.source(PostgresUrl.fromEnv(env)) : SqliteMove.source(Path.of(tallyDb));
        } catch (IllegalArgumentException e) {
            err.println("tally: " + e.getMessage());
            return 2;
        } catch (StorageException e) {
            err.println("tally: cannot move TALLY_DB: " + e.getMessage());
            return 1;
        }
        try (source) {
            TableCopy.Totals copied = Move.run(source, target);
            out.println("Copied TALLY_DB=" + source.name() + " to " + target.name() + " in one transaction:");
            copied.rows().forEach((table, rows) -> out.printf("  %-17s %,12d rows%n", table, rows));
            out.printf("Checked: each table has as many rows in both, and both add up to %,d counted hits and %,d daily hits.%n",
                    copied.counted(), copied.dailyHits());
            out.println("Start Tally with TALLY_DB=" + target.name() + " to serve from it.");
            return 0;
        } catch (StorageException e) {
            err.println("tally: migrate-to " + target.name() + ": nothing was written: " + e.getMessage());
            return 1;
        }
    }

    /** A PostgreSQL URL (its password from the URL, TALLY_DB_PASSWORD or .pgpass, as for TALLY_DB), else an SQLite file. */
    private static Move.Target target(String argument, Map<String, String> env) {
        String other = PostgresUrl.otherScheme(argument);
        if (other != null) {
            throw new IllegalArgumentException(other + ":// is not a database Tally writes: give a new SQLite file"
                    + " or a URL postgresql://user@host:5432/db");
        }
        if (!PostgresUrl.isPostgres(argument)) {
            return SqliteMove.target(Path.of(argument));
        }
        Map<String, String> asTallyDb = new HashMap<>(env);
        asTallyDb.put("TALLY_DB", argument);
        try {
            return PostgresMove.target(PostgresUrl.fromEnv(asTallyDb));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^TALLY_DB", "the URL to migrate to"), e);
        }
    }
}
