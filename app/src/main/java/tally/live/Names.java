package tally.live;

import java.util.regex.Pattern;
import tally.count.CounterKey;
import tally.count.InvalidKey;

/** Names of named counters: 1 to 64 letters, digits, dots, underscores or hyphens, not only dots; apart from URL counters. */
public final class Names {

    /** 1 to 64 of the allowed characters, at least one not a dot: ".", ".." and "..." read as paths, not names. */
    private static final Pattern NAME = Pattern.compile("(?!\\.+$)[A-Za-z0-9._-]{1,64}");

    private Names() {
    }

    /** The key of the named counter, or InvalidKey saying which names work. */
    public static CounterKey named(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidKey("bad name", "a counter name is 1 to 64 of A-Z a-z 0-9 . _ -, not only dots, such as /counters/visitors"
                    + (name == null || name.isEmpty() ? "" : ", not '" + printable(name) + "'"));
        }
        return new CounterKey(CounterKey.Kind.NAMED, name);
    }

    private static String printable(String name) {
        String cut = name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
