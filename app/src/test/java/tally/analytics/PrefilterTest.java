package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import ua_parser.Parser;

/** The plain-text prefilter never changes a classification: the expressions it skips are ones that cannot match. */
class PrefilterTest {

    /** The 20 real User-Agents of the end-to-end test (12 people, 8 crawlers) and a few more browsers. */
    static final List<String> REAL = Stream.of(
            AgentsTest.PEOPLE.stream().map(p -> p.get(0)),
            Bots.instances().stream().filter(ua -> ua.startsWith("Mozilla")).distinct().limit(8),
            Stream.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/116.0.0.0",
                    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36",
                    "curl/8.5.0", "python-requests/2.31.0", "Wget/1.21.4", "okhttp/4.12.0"))
            .flatMap(s -> s).toList();

    @Test
    void literalsAreTextEveryMatchContains() {
        assertThat(Literals.of("Googlebot\\/")).containsExactly("googlebot/");
        assertThat(Literals.of("Chrome/(\\d+)\\.(\\d+)")).containsExactly("chrome/");
        assertThat(Literals.of("(sistrix|SISTRIX) [cC]rawler")).containsExactly("sistrix");
        assertThat(Literals.of("(?:Foo|Quux)bar")).containsExactly("bar");
        assertThat(Literals.of("(?:Foo|Quux)/1")).containsExactly("foo", "quux");
        assertThat(Literals.of("x?yz")).containsExactly("yz");
        assertThat(Literals.of("ab+c")).containsExactly("ab");
        assertThat(Literals.of("(foo)?barbaz")).containsExactly("barbaz");
        assertThat(Literals.of("(?!Mobile)Tablet")).containsExactly("tablet");
        assertThat(Literals.of("(?i)Pixel")).containsExactly("pixel");
    }

    @Test
    void whatCannotBeToldIsAlwaysTried() {
        assertThat(Literals.of("a|b")).isEmpty(); // too short to be worth it
        assertThat(Literals.of("foo|")).isEmpty(); // the empty alternative matches anything
        assertThat(Literals.of("\\Qfoo.bar\\E")).isEmpty();
        assertThat(Literals.of("(a)\\1")).isEmpty();
        assertThat(Literals.of("(?x) f o o")).isEmpty();
        assertThat(Literals.of("[]x]yz")).isEmpty();
        assertThat(Literals.of("(?:foo)*")).isEmpty();
    }

    @Test
    void everyCrawlerInstanceHasItsOwnPatternAmongTheCandidates() throws Exception {
        List<String> patterns = new ArrayList<>();
        List<List<String>> instances = new ArrayList<>();
        try (InputStream in = Bots.class.getResourceAsStream("/analytics/crawler-user-agents.json")) {
            for (JsonNode e : new ObjectMapper().readTree(in)) {
                patterns.add(e.path("pattern").asText());
                List<String> mine = new ArrayList<>();
                e.path("instances").forEach(i -> mine.add(i.asText()));
                instances.add(mine);
            }
        }
        Prefilter prefilter = new Prefilter(patterns);
        int checked = 0;
        for (int k = 0; k < patterns.size(); k++) {
            Pattern p = Pattern.compile(patterns.get(k));
            for (String ua : instances.get(k)) {
                if (p.matcher(ua).find()) {
                    assertThat(prefilter.candidates(ua).get(k)).as("%s in %s", patterns.get(k), ua).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(2000);
        assertThat(prefilter.alwaysTried()).as("patterns run on every User-Agent").isLessThan(40);
    }

    @Test
    void noCrawlerPatternThatFindsSomethingInARealUserAgentIsSkipped() {
        List<String> patterns = Bots.patterns();
        Prefilter prefilter = new Prefilter(patterns);
        Pattern any = Pattern.compile(String.join("|", patterns.stream().map(p -> "(?:" + p + ")").toList()));
        Bots bots = Bots.load();
        for (String ua : REAL) {
            BitSet candidates = prefilter.candidates(ua);
            for (int k = 0; k < patterns.size(); k++) {
                if (!candidates.get(k)) {
                    assertThat(Pattern.compile(patterns.get(k)).matcher(ua).find()).as("%s in %s", patterns.get(k), ua).isFalse();
                }
            }
            assertThat(bots.matches(ua)).as(ua).isEqualTo(any.matcher(ua).find());
        }
    }

    @Test
    void uapRulesAnswerAsUapJavaDoesForRealAndCrawlerUserAgents() throws Exception {
        Parser uap;
        UaRules rules;
        try (InputStream a = getClass().getResourceAsStream("/analytics/regexes.yaml");
             InputStream b = getClass().getResourceAsStream("/analytics/regexes.yaml")) {
            uap = new Parser(a);
            rules = new UaRules(b);
        }
        List<String> all = Stream.concat(REAL.stream(), Bots.instances().stream()).distinct().toList();
        assertThat(all).hasSizeGreaterThan(2000);
        for (String ua : all) {
            assertThat(rules.parse(ua)).as(ua).isEqualTo(uap.parse(ua));
        }
    }

    @Test
    void mostUapRulesHaveLiterals() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/analytics/regexes.yaml")) {
            Map<String, List<Map<String, String>>> rules = new Yaml().load(in);
            for (List<Map<String, String>> section : rules.values()) {
                Prefilter p = new Prefilter(section.stream().map(r -> r.get("regex")).toList());
                assertThat(p.alwaysTried()).isLessThan(section.size() / 5);
            }
        }
    }
}
