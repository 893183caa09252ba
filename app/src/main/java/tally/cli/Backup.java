package tally.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tally.store.sqlite.Backups;
import tally.StorageException;

/** {@code backup FILE [--force]}: a consistent copy of TALLY_DB, taken while the server keeps serving. */
final class Backup implements Command {

    @Override
    public String arguments() {
        return "FILE [--force]";
    }

    @Override
    public String summary() {
        return "copy TALLY_DB to FILE while the server runs (--force replaces FILE)";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments a = new Arguments("backup", this, args);
        boolean force = a.flag("--force");
        Path target = a.file();
        Path database = Arguments.database(env, "back it up with pg_dump (for example pg_dump -Fc -f tally.dump DB);"
                + " this command copies an SQLite file");
        Arguments.requireWritable(target);
        try {
            Backups.write(database, target, force);
        } catch (StorageException e) {
            err.println("tally: backup of TALLY_DB=" + database + " failed: " + e.getMessage());
            return 1;
        }
        out.println("Backed up " + database + " to " + target);
        return 0;
    }
}
