package tally.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tally.Config;
import tally.store.Backups;
import tally.store.StorageException;

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
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            err.println("tally: usage: java -jar tally.jar restore FILE");
            return 2;
        }
        Path database;
        try {
            database = Config.fromEnv(env).counting().database();
        } catch (Config.Invalid e) {
            err.println("tally: " + e.getMessage());
            return 2;
        }
        Path backup = Path.of(args.get(0));
        try {
            Backups.Checked restored = Backups.restore(backup, database);
            out.println("Restored " + backup + " (schema version " + restored.schemaVersion() + ", "
                    + restored.counters() + " counters) into TALLY_DB=" + database);
            return 0;
        } catch (StorageException e) {
            err.println("tally: restore into TALLY_DB=" + database + " refused: " + e.getMessage());
            return 1;
        }
    }
}
