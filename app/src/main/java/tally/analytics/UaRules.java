package tally.analytics;

import java.io.InputStream;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import ua_parser.Client;
import ua_parser.Device;
import ua_parser.DeviceParser;
import ua_parser.OS;
import ua_parser.OSParser;
import ua_parser.Parser;
import ua_parser.UserAgent;
import ua_parser.UserAgentParser;

/**
 * uap-core's rules applied as uap-java's {@link Parser} applies them (in order, the first that matches
 * answers, with uap-java's own patterns), except that a rule whose plain text the User-Agent does not contain
 * is skipped without running it (a {@link Prefilter}): the same answers, from the few dozen rules that can match
 * instead of the hundreds before them.
 */
final class UaRules {

    /** One list of rules: how each answers (null when it does not match), the prefilter over their expressions. */
    private record Rules<R>(List<Function<String, R>> rules, Prefilter prefilter, R other) {

        static <R> Rules<R> of(List<Map<String, String>> maps, Function<Map<String, String>, Function<String, R>> make, R other) {
            List<String> regexes = maps.stream().map(m -> m.get("regex")).toList();
            return new Rules<>(maps.stream().map(make).toList(), new Prefilter(regexes), other);
        }

        R first(String ua) {
            BitSet candidates = prefilter.candidates(ua);
            for (int k = candidates.nextSetBit(0); k >= 0; k = candidates.nextSetBit(k + 1)) {
                R r = rules.get(k).apply(ua);
                if (r != null) {
                    return r;
                }
            }
            return other;
        }
    }

    private final Rules<UserAgent> agents;
    private final Rules<OS> systems;
    private final Rules<Device> devices;

    @SuppressWarnings("unchecked")
    UaRules(InputStream yaml) {
        Map<String, List<Map<String, String>>> rules = (Map<String, List<Map<String, String>>>)
                new Yaml(new SafeConstructor(Parser.getDefaultLoaderOptions())).load(yaml);
        agents = Rules.of(section(rules, "user_agent_parsers"), Agents::of, UserAgent.OTHER);
        systems = Rules.of(section(rules, "os_parsers"), Systems::of, OS.OTHER);
        devices = Rules.of(section(rules, "device_parsers"), Devices::of, Device.OTHER);
    }

    Client parse(String ua) {
        return new Client(agents.first(ua), systems.first(ua), devices.first(ua));
    }

    private static List<Map<String, String>> section(Map<String, List<Map<String, String>>> rules, String name) {
        List<Map<String, String>> s = rules.get(name);
        if (s == null) {
            throw new IllegalArgumentException(name + " is missing from the rules");
        }
        return s;
    }

    /** uap-java's own reading of one rule (its protected factories, reached from subclasses). */
    private static final class Agents extends UserAgentParser {
        private Agents() {
            super(List.of());
        }

        static Function<String, UserAgent> of(Map<String, String> rule) {
            return patternFromMap(rule)::match;
        }
    }

    private static final class Systems extends OSParser {
        private Systems() {
            super(List.of());
        }

        static Function<String, OS> of(Map<String, String> rule) {
            return patternFromMap(rule)::match;
        }
    }

    private static final class Devices extends DeviceParser {
        private Devices() {
            super(List.of());
        }

        static Function<String, Device> of(Map<String, String> rule) {
            DevicePattern p = patternFromMap(rule);
            return ua -> {
                String family = p.match(ua);
                return family == null ? null : new Device(family);
            };
        }
    }
}
