package tally.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** {@code --version}: the version the jar was built as. */
public final class Version implements Command {

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "the version of this build";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        out.println("tally " + of());
        return 0;
    }

    /** The version from the jar's version.properties, or "unknown". */
    public static String of() {
        try (InputStream in = Version.class.getResourceAsStream("/tally/version.properties")) {
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
