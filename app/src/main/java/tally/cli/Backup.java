package tally.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tally.Config;
import tally.store.Backups;
import tally.store.StorageException;

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
        List<String> files = new ArrayList<>(args);
        boolean force = files.remove("--force");
        if (files.size() != 1 || files.get(0).startsWith("-")) {
            err.println("tally: usage: java -jar tally.jar backup FILE [--force]");
            return 2;
        }
        Path database;
        try {
            database = Config.fromEnv(env).counting().database();
        } catch (Config.Invalid e) {
            err.println("tally: " + e.getMessage());
            return 2;
        }
        Path target = Path.of(files.get(0));
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
