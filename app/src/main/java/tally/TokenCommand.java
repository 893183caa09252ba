package tally;

import java.util.Map;
import tally.analytics.AdminToken;
import tally.store.Database;
import tally.store.Settings;
import tally.store.StorageException;

/** {@code java -jar tally.jar token}: prints the admin token (TALLY_ADMIN_TOKEN, else the one kept in TALLY_DB, made if none). */
final class TokenCommand {

    private TokenCommand() {
    }

    static int run(Map<String, String> env) {
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (Config.Invalid e) {
            System.err.println("tally: " + e.getMessage());
            return 2;
        }
        if (config.adminToken() != null) {
            System.out.println(config.adminToken());
            return 0;
        }
        try (Database db = Database.open(config.database(), config.sync() == Config.Sync.FULL)) {
            System.out.println(AdminToken.resolve(null, new Settings(db), made -> { }).value());
            return 0;
        } catch (StorageException e) {
            System.err.println("tally: " + e.getMessage());
            return 1;
        }
    }
}
