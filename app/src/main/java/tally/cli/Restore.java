package tally.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tally.store.sqlite.Restores;
import tally.StorageException;

/** {@code restore FILE}: checks a backup and puts it in place of TALLY_DB, while the server is stopped. */
final class Restore implements Command {

    @Override
    public String arguments() {
        return "FILE";
    }

    @Override
    public String summary() {
        return "check FILE and put it in place of TALLY_DB (stop the server first)";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path backup = new Arguments("restore", this, args).file();
        Path database = Arguments.database(env, "restore it with pg_restore; this command restores an SQLite file");
        Arguments.requireReadable(backup);
        try {
            Restores.Checked restored = Restores.restore(backup, database);
            out.println("Restored " + backup + " (schema version " + restored.schemaVersion() + ", "
                    + restored.counters() + " counters) into TALLY_DB=" + database);
            return 0;
        } catch (StorageException e) {
            err.println("tally: restore into TALLY_DB=" + database + " refused: " + e.getMessage());
            return 1;
        }
    }
}
