package tally.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tally.Config;
import tally.admin.Admin;
import tally.store.Backups;
import tally.store.Database;
import tally.store.StorageException;

/** {@code export [--format=csv|json] [FILE]}: writes every counter and day of TALLY_DB in the import format. */
final class Export implements Command {

    @Override
    public String arguments() {
        return "[--format=csv|json] [FILE]";
    }

    @Override
    public String summary() {
        return "write TALLY_DB's counters and days to FILE (default: standard output) in the import format (stop the server first)";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        Admin.ExportFormat format = Admin.ExportFormat.CSV;
        for (String a : args) {
            if (a.startsWith("--format=")) {
                rest.remove(a);
                String f = a.substring("--format=".length());
                if (!f.equals("csv") && !f.equals("json")) {
                    err.println("tally: --format must be csv or json, not '" + f + "'");
                    return 2;
                }
                format = f.equals("csv") ? Admin.ExportFormat.CSV : Admin.ExportFormat.JSON;
            }
        }
        if (rest.size() > 1 || (rest.size() == 1 && rest.get(0).startsWith("-"))) {
            err.println("tally: usage: java -jar tally.jar export [--format=csv|json] [FILE]");
            return 2;
        }
        Path database;
        try {
            database = Config.fromEnv(env).counting().database();
        } catch (Config.Invalid e) {
            err.println("tally: " + e.getMessage());
            return 2;
        }
        if (!Files.isRegularFile(database)) {
            err.println("tally: TALLY_DB=" + database + ": no such file");
            return 1;
        }
        Path file = rest.isEmpty() ? null : Path.of(rest.get(0));
        try {
            Backups.requireStopped(database);
            try (Database db = Database.open(database, true)) {
                if (file == null) {
                    Admin.export(db, out, format);
                    out.flush();
                } else {
                    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                        Admin.export(db, o, format);
                    }
                    err.println("Exported TALLY_DB=" + database + " to " + file);
                }
                return 0;
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            err.println("tally: " + file + " exists: not overwritten");
            return 1;
        } catch (StorageException | IOException e) {
            err.println("tally: export of TALLY_DB=" + database + " refused: " + e.getMessage());
            return 1;
        }
    }
}
