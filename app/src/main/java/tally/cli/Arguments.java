package tally.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tally.Config;

/**
 * What follows a command's name, read the same way for every command: flags and options taken out, then the
 * file operand checked against the command's usage line. Misuse, or a variable that cannot be used, is a
 * {@link Stop}: {@link Commands} prints it and exits 2.
 */
final class Arguments {

    /** Ends a command with "tally: " and the message on standard error, and an exit code. */
    static final class Stop extends RuntimeException {
        final int exit;

        Stop(String message, int exit) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    private final List<String> rest;
    private final String usage;

    /** The arguments of the command {@code name}, whose usage line is its name and {@link Command#arguments()}. */
    Arguments(String name, Command command, List<String> args) {
        this.rest = new ArrayList<>(args);
        this.usage = "usage: java -jar tally.jar " + name + " " + command.arguments();
    }

    /** Whether {@code flag}, such as --force, was given; it is taken out. */
    boolean flag(String flag) {
        return rest.remove(flag);
    }

    /** The values of every {@code --name=value} given, in order; they are taken out. */
    List<String> options(String name) {
        String prefix = name + "=";
        List<String> values = new ArrayList<>();
        for (Iterator<String> i = rest.iterator(); i.hasNext(); ) {
            String a = i.next();
            if (a.startsWith(prefix)) {
                values.add(a.substring(prefix.length()));
                i.remove();
            }
        }
        return values;
    }

    /** The one file named after the flags; anything else stops the command with its usage line. */
    Path file() {
        if (rest.size() != 1 || rest.get(0).startsWith("-")) {
            throw misuse(usage);
        }
        return Path.of(rest.get(0));
    }

    /** The file named after the flags, or null when none; more, or an unknown flag, stops the command. */
    Path optionalFile() {
        return rest.isEmpty() ? null : file();
    }

    /** Stops the command with exit 2. */
    static Stop misuse(String message) {
        return new Stop(message, 2);
    }

    /** The configuration the environment gives; a variable that cannot be used stops the command with exit 2. */
    static Config config(Map<String, String> env) {
        try {
            return Config.fromEnv(env);
        } catch (Config.Invalid e) {
            throw misuse(e.getMessage());
        }
    }

    /** TALLY_DB as an SQLite file; a PostgreSQL database stops the command, saying what to do instead. */
    static Path database(Map<String, String> env, String onPostgres) {
        Config config = config(env);
        if (config.counting().postgres() != null) {
            throw new Stop("TALLY_DB names a PostgreSQL database: " + onPostgres, 2);
        }
        return config.counting().database();
    }

    /** Stops the command (exit 2) unless {@code file} is a file to read, saying what it is instead. */
    static void requireReadable(Path file) {
        if (Files.isDirectory(file)) {
            throw misuse(file + " is a folder: name a file in it");
        }
        if (!Files.isRegularFile(file)) {
            throw misuse(file + ": no such file");
        }
    }

    /** Stops the command (exit 2) unless {@code file} can be written: its folder exists and it is not itself a folder. */
    static void requireWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw misuse(file + " is a folder: name a file in it, such as " + file.resolve("tally-backup.db"));
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw misuse("no such folder: " + folder + " (make it first)");
        }
    }
}
