package tally.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The commands by name: the one table a new command is added to, in the order --help lists them. */
public final class Commands {

    static final Map<String, Command> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("--help", new Help());
        TABLE.put("--version", new Version());
        TABLE.put("backup", new Backup());
        TABLE.put("restore", new Restore());
        TABLE.put("token", new Token());
        TABLE.put("import", new Import());
        TABLE.put("export", new Export());
        TABLE.put("migrate-to", new MigrateTo());
    }

    private Commands() {
    }

    /** Runs the command named by {@code args[0]} and returns its exit code; 2 for an unknown one. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String name = "-h".equals(args[0]) ? "--help" : args[0];
        Command command = TABLE.get(name);
        if (command == null) {
            err.println("tally: unknown command '" + args[0] + "'\n\n" + Help.text());
            return 2;
        }
        try {
            return command.run(Arrays.asList(args).subList(1, args.length), env, out, err);
        } catch (Arguments.Stop e) {
            err.println("tally: " + e.getMessage());
            return e.exit;
        }
    }

    /** What --help prints. */
    public static String helpText() {
        return Help.text();
    }

    static Map<String, Command> all() {
        return Collections.unmodifiableMap(TABLE);
    }
}
