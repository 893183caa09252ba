package tally.badge;

import java.util.List;
import java.util.Map;

/** Reads one badge parameter from a query map: the primary name wins over its aliases; repeats are refused. */
final class Query {
    private final Map<String, List<String>> params;

    Query(Map<String, List<String>> params) {
        this.params = params;
    }

    /** The value of the first name present (primary first, then aliases), or null when none is. */
    String get(String... names) {
        String found = null;
        for (String name : names) {
            List<String> values = params.get(name);
            if (values == null || values.isEmpty()) {
                continue;
            }
            if (values.size() > 1) {
                throw new InvalidBadgeOption("repeated " + name,
                    name + " was given " + values.size() + " times; send it once");
            }
            if (found == null) {
                found = values.get(0) == null ? "" : values.get(0);
            }
        }
        return found;
    }
}
