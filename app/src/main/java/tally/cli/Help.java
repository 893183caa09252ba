package tally.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import tally.Config;

/** {@code --help}: the commands and every environment variable with its default. */
final class Help implements Command {

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "this text";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        out.print(text());
        return 0;
    }

    static String text() {
        StringBuilder out = new StringBuilder("""
                Usage: java -jar tally.jar              serve (configured by the variables below)
                       java -jar tally.jar COMMAND ...

                Commands:
                """);
        Commands.all().forEach((name, c) ->
                out.append(String.format("  %-32s %s%n", (name + " " + c.arguments()).trim(), c.summary())));
        out.append("\nTally is a self-hosted hit counter. It is configured by environment variables:\n");
        int width = Config.VARIABLES.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, String[]> v : Config.VARIABLES.entrySet()) {
            String fallback = v.getValue()[0].isEmpty() ? "(none)" : v.getValue()[0];
            out.append(String.format("  %-" + width + "s %-9s %s%n", v.getKey(), fallback, v.getValue()[1]));
        }
        return out.toString();
    }
}
