package tally.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** A command beside the server, such as {@code backup FILE}: does its work and returns the exit code. */
public interface Command {

    /** The arguments after the command's name, for --help (empty if none). */
    String arguments();

    /** What it does, in a few words, for --help. */
    String summary();

    /**
     * Runs with the arguments after the command's name and the environment (a Map, so tests never touch
     * the real one); writes results to {@code out} and problems to {@code err}.
     */
    int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err);
}
