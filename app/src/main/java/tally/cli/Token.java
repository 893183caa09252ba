package tally.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tally.Config;
import tally.analytics.AdminToken;
import tally.StorageException;
import tally.store.Storage;

/**
 * {@code token}: prints the admin token (TALLY_ADMIN_TOKEN, else the one kept in TALLY_DB, made if none); refuses when the
 * server on TALLY_DB takes its token from its own TALLY_ADMIN_TOKEN, which the database does not hold.
 */
final class Token implements Command {

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "print the admin token for /analytics and /api";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            throw Arguments.misuse("usage: java -jar tally.jar token (it reads TALLY_DB and TALLY_ADMIN_TOKEN)");
        }
        Config config = Arguments.config(env);
        if (config.analytics().adminToken() != null) {
            out.println(config.analytics().adminToken());
            return 0;
        }
        Path file = config.counting().database();
        if (file != null && !Files.exists(file)) {
            // the token made here is the one a server started on this file will take; say so, in case one runs elsewhere
            err.println("tally: TALLY_DB=" + file.toAbsolutePath() + " did not exist: made it, with the token below. A server"
                    + " already running uses another file: set TALLY_DB to the one it names in its start line.");
        }
        try (Storage storage = Storage.open(config)) {
            if (AdminToken.configuredByServer(storage.settings())) {
                err.println("tally: the server on TALLY_DB=" + config.counting().describe() + " takes its token from"
                        + " TALLY_ADMIN_TOKEN, set where it runs (its environment, unit or container): that is the token."
                        + " Run this command with that variable set to print it.");
                return 1;
            }
            out.println(AdminToken.stored(storage.settings(), made -> { }).value());
            return 0;
        } catch (StorageException e) {
            err.println("tally: TALLY_DB=" + config.counting().describe() + ": " + e.getMessage());
            return 1;
        }
    }
}
