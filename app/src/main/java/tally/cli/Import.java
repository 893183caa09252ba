package tally.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import tally.Config;
import tally.admin.Admin;
import tally.admin.InvalidImport;
import tally.store.Storage;
import tally.store.sqlite.Backups;
import tally.StorageException;

/** {@code import FILE [--add]}: puts counts from a CSV or JSON file into TALLY_DB while the server is stopped. */
final class Import implements Command {

    @Override
    public String arguments() {
        return "FILE [--add]";
    }

    @Override
    public String summary() {
        return "set counters from FILE (CSV url,count[,date] or JSON; --add adds) into TALLY_DB (stop the server first)";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments a = new Arguments("import", this, args);
        boolean add = a.flag("--add");
        Path file = a.file();
        Arguments.requireReadable(file);
        Config config = Arguments.config(env);
        String database = config.counting().describe();
        try {
            Path sqlite = config.counting().database();
            if (sqlite != null && Files.exists(sqlite)) {
                Backups.requireStopped(sqlite);
            }
            try (Storage storage = Storage.open(config); InputStream in = Files.newInputStream(file)) {
                Admin.Imported done = Admin.importInto(storage.counters(), in, json(file), add, Clock.systemUTC());
                out.println("Imported " + done.lines() + " lines (" + done.counters() + " counters) from " + file
                        + " into TALLY_DB=" + database + (add ? ", added to the counts there" : ""));
                return 0;
            }
        } catch (InvalidImport e) {
            err.println("tally: " + file + ": " + e.getMessage());
            e.problems().forEach(p -> err.println("  line " + p.line() + ": " + p.reason()));
            return 1;
        } catch (StorageException | IOException e) {
            err.println("tally: import into TALLY_DB=" + database + " refused: " + e.getMessage());
            return 1;
        }
    }

    /**
     * JSON when the file begins (after blanks and a BOM) with '[' and then '{' or ']'; CSV otherwise. A '[' alone
     * says nothing: a CSV line may begin with an IPv6 address, {@code [2001:db8::1]/page,5}.
     */
    private static boolean json(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return firstSignificant(in) == '[' && "{]".indexOf(firstSignificant(in)) >= 0;
        }
    }

    private static int firstSignificant(InputStream in) throws IOException {
        for (int c; (c = in.read()) != -1; ) {
            if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                return c;
            }
        }
        return -1;
    }
}
