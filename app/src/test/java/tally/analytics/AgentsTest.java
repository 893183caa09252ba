package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tally.analytics.Agents.Agent;

class AgentsTest {

    static final Agents AGENTS = new Agents().ready();

    /** Real User-Agents: browser, version, OS, device. */
    static final List<List<String>> PEOPLE = List.of(
            List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "Chrome 120", "Windows", "desktop"),
            List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox", "Firefox 121", "Windows", "desktop"),
            List.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari", "Safari 17", "Mac OS X", "desktop"),
            List.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36", "Chrome", "Chrome 119", "Linux", "desktop"),
            List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "Edge", "Edge 120", "Windows", "desktop"),
            List.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1", "Mobile Safari", "Mobile Safari 17", "iOS", "mobile"),
            List.of("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36", "Chrome Mobile", "Chrome Mobile 120", "Android", "mobile"),
            List.of("Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", "Samsung Internet", "Samsung Internet 23", "Android", "mobile"),
            List.of("Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0", "Firefox Mobile", "Firefox Mobile 121", "Android", "mobile"),
            List.of("Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Mobile Safari", "Mobile Safari 17", "iOS", "tablet"),
            List.of("Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "Chrome 120", "Android", "tablet"),
            List.of("Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.6099.230 Safari/537.36", "Amazon Silk", "Amazon Silk 120", "Android", "tablet"));

    @Test
    void browsersOsAndDevicesOfRealUserAgents() {
        for (List<String> p : PEOPLE) {
            Agent a = AGENTS.classify(p.get(0));
            assertThat(a).as(p.get(0)).isEqualTo(new Agent(false, p.get(1), p.get(2), p.get(3), p.get(4)));
        }
    }

    @Test
    void everyExampleOfTheCrawlerListIsABot() throws Exception {
        List<String> instances = Bots.instances();
        assertThat(instances).hasSizeGreaterThan(1000);
        assertThat(instances).allSatisfy(ua -> assertThat(AGENTS.classify(ua).bot()).as(ua).isTrue());
    }

    @Test
    void headlessBrowsersAndMissingUserAgentsAreBots() {
        assertThat(AGENTS.classify("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36").bot()).isTrue();
        assertThat(AGENTS.classify(null).bot()).isTrue();
        assertThat(AGENTS.classify("").bot()).isTrue();
    }

    @Test
    void aHugeUserAgentIsReadOnlyAsFarAsTheBound() {
        Agent a = AGENTS.classify(PEOPLE.get(0).get(0) + "x".repeat(100_000));
        assertThat(a.browser()).isEqualTo("Chrome");
    }
}
