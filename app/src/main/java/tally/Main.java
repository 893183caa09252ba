package tally;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import tally.badge.BadgeRenderer;
import tally.count.Counters;
import tally.count.HitWriter;
import tally.count.Tokens;
import tally.http.App;
import tally.live.Live;
import tally.metrics.Metrics;
import tally.store.CounterReads;
import tally.store.Database;
import tally.store.StorageException;

/** Starts Tally: reads the configuration, opens the database, starts the writer and the web server. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(command(args[0]));
        }
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (Config.Invalid e) {
            System.err.println("tally: " + e.getMessage());
            System.exit(2);
            return;
        }
        Database db;
        try {
            db = Database.open(config.database(), config.sync() == Config.Sync.FULL);
        } catch (StorageException e) {
            System.err.println("tally: " + e.getMessage());
            System.exit(1);
            return;
        }
        HitWriter writer = new HitWriter(db, config.refreshWindow(), Clock.systemUTC());
        Counters counters = new Counters(writer, new CounterReads(db), Clock.systemUTC());
        Live live = new Live(config.liveInterval(), config.sseMax(), config.ssePerIp());
        writer.onCommit(live::changed);
        Metrics metrics = new Metrics(db.file(), config.sync() == Config.Sync.FULL, writer::queued, live::streams);
        writer.observe(metrics);
        Javalin app;
        try {
            app = App.create(config, counters, new Tokens(db.tokenSecret(), Clock.systemUTC()), new BadgeRenderer(), live, metrics)
                    .start(config.port());
        } catch (RuntimeException e) {
            System.err.println("tally: cannot serve on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            live.close();
            writer.close();
            db.close();
            System.exit(1);
            return;
        }
        log.info("Tally {} listening on http://{}:{}/ with database {}", version(), config.host(), app.port(), db.file());

        Runnable stop = () -> {
            app.stop();
            live.close();
            writer.close();
            db.close();
            log.info("Tally stopped; every acknowledged hit is committed");
        };
        // SIGTERM and Ctrl-C drain and exit 0; the hook covers other orderly exits.
        Thread hook = new Thread(stop, "tally-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                Runtime.getRuntime().removeShutdownHook(hook);
                stop.run();
                System.exit(0);
            });
        }
    }

    private static int command(String arg) {
        switch (arg) {
            case "--version" -> {
                System.out.println("tally " + version());
                return 0;
            }
            case "--help", "-h" -> {
                System.out.println(usage());
                return 0;
            }
            default -> {
                System.err.println("tally: unknown argument '" + arg + "'\n\n" + usage());
                return 2;
            }
        }
    }

    static String usage() {
        StringBuilder out = new StringBuilder("""
                Usage: java -jar tally.jar [--help | --version]

                Tally is a self-hosted hit counter. It is configured by environment variables:
                """);
        for (Map.Entry<String, String[]> v : Config.VARIABLES.entrySet()) {
            out.append(String.format("  %-22s %-9s %s%n", v.getKey(), v.getValue()[0], v.getValue()[1]));
        }
        return out.toString();
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/tally/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
