package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsMatchTheReadme() {
        Config c = Config.fromEnv(Map.of());
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.counting().database()).isEqualTo(Path.of("tally.db"));
        assertThat(c.counting().refreshWindow()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.counting().sync()).isEqualTo(Config.Sync.FULL);
        assertThat(c.server().trustProxy()).isFalse();
        assertThat(c.live().liveInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.live().sseMax()).isEqualTo(10_000);
        assertThat(c.live().ssePerIp()).isEqualTo(32);
        assertThat(c.server().proxyHops()).isZero();
        assertThat(c.server().publicUrl()).isEmpty();
        assertThat(c.counting().cookies()).isTrue();
        assertThat(c.live().ssePerNetwork()).isEqualTo(128);
        assertThat(c.server().maxConnections()).as("0: the open-file limit less a reserve").isZero();
        assertThat(c.server().connectionsPerIp()).isEqualTo(128);
        assertThat(c.server().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsEveryVariable() {
        Config c = Config.fromEnv(Map.of("TALLY_PORT", "9000", "TALLY_HOST", "127.0.0.1", "TALLY_DB", "/tmp/x.db",
                "TALLY_REFRESH_WINDOW", "60", "TALLY_SYNC", "normal", "TALLY_TRUST_PROXY", "true"));
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.counting().database()).isEqualTo(Path.of("/tmp/x.db"));
        assertThat(c.counting().refreshWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.counting().sync()).isEqualTo(Config.Sync.NORMAL);
        assertThat(c.server().trustProxy()).isTrue();
        assertThat(c.server().proxyHops()).isEqualTo(1);
    }

    @Test
    void trustProxyIsTrueFalseOrHowManyProxies() {
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "2")).server().proxyHops()).isEqualTo(2);
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "2")).server().trustProxy()).isTrue();
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "1")).server().proxyHops()).isEqualTo(1);
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "TRUE")).server().proxyHops()).isEqualTo(1);
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "0")).server().trustProxy()).isFalse();
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "false")).server().proxyHops()).isZero();
        assertThat(Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "3")).withTrustProxy(false).server().proxyHops()).isZero();
        assertThat(Config.fromEnv(Map.of()).withTrustProxy(true).server().proxyHops()).isEqualTo(1);
        for (String bad : new String[] {"-1", "11", "1.5", "maybe", "2 proxies"}) {
            assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_TRUST_PROXY", bad))).as(bad)
                    .hasMessageContaining("TALLY_TRUST_PROXY").hasMessageContaining(bad);
        }
    }

    @Test
    void thePublicUrlIsAnOriginAndNothingMore() {
        assertThat(Config.fromEnv(Map.of("TALLY_PUBLIC_URL", "https://tally.example.com")).server().publicUrl())
                .isEqualTo("https://tally.example.com");
        assertThat(Config.fromEnv(Map.of("TALLY_PUBLIC_URL", "HTTP://Tally.Example.com:8080/")).server().publicUrl())
                .isEqualTo("http://tally.example.com:8080");
        assertThat(Config.fromEnv(Map.of("TALLY_PUBLIC_URL", "http://[2001:db8::1]:8080")).server().publicUrl())
                .isEqualTo("http://[2001:db8::1]:8080");
        for (String bad : new String[] {"tally.example.com", "ftp://tally.example.com", "https://", "https://x/tally",
            "https://x?a=1", "https://x#top", "https://user@x", "https://x:99999", "https://exämple.com", "https://x//",
            "https://a b"}) {
            assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_PUBLIC_URL", bad))).as(bad)
                    .isInstanceOf(Config.Invalid.class).hasMessageContaining("TALLY_PUBLIC_URL");
        }
    }

    @Test
    void cookiesCanBeTurnedOff() {
        assertThat(Config.fromEnv(Map.of("TALLY_COOKIES", "false")).counting().cookies()).isFalse();
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_COOKIES", "never"))).hasMessageContaining("TALLY_COOKIES");
    }

    @Test
    void metricsArePublicAndTheAccessLogOffUnlessSet() {
        Config c = Config.fromEnv(Map.of());
        assertThat(c.operations().metrics()).isEqualTo(Config.MetricsAccess.PUBLIC);
        assertThat(c.operations().accessLog()).isEqualTo(Config.AccessLog.OFF);
        Config set = Config.fromEnv(Map.of("TALLY_METRICS", "OFF", "TALLY_ACCESS_LOG", "query"));
        assertThat(set.operations().metrics()).isEqualTo(Config.MetricsAccess.OFF);
        assertThat(set.operations().accessLog()).isEqualTo(Config.AccessLog.QUERY);
        assertThat(Config.fromEnv(Map.of("TALLY_ACCESS_LOG", "true")).operations().accessLog()).isEqualTo(Config.AccessLog.PATH);
        assertThat(Config.fromEnv(Map.of("TALLY_METRICS", "token")).operations().metrics()).isEqualTo(Config.MetricsAccess.TOKEN);
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_METRICS", "yes")))
                .hasMessage("TALLY_METRICS must be public, token or off, not 'yes'");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_ACCESS_LOG", "verbose")))
                .hasMessage("TALLY_ACCESS_LOG must be true, false or query, not 'verbose'");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_PORT", "http"))).hasMessageContaining("TALLY_PORT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_PORT", "70000"))).hasMessageContaining("TALLY_PORT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_SYNC", "sometimes"))).hasMessageContaining("TALLY_SYNC");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_REFRESH_WINDOW", "-1")))
                .hasMessageContaining("TALLY_REFRESH_WINDOW");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_TRUST_PROXY", "maybe")))
                .hasMessageContaining("TALLY_TRUST_PROXY");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_HEADER_TIMEOUT", "0"))).hasMessageContaining("TALLY_HEADER_TIMEOUT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_CONNECTIONS_PER_IP", "-1")))
                .hasMessageContaining("TALLY_CONNECTIONS_PER_IP");
    }

    @Test
    void helpListsEveryVariableWithItsDefault() {
        String usage = tally.cli.Commands.helpText();
        Config.VARIABLES.forEach((name, v) -> assertThat(usage).contains(name).contains(v[0]));
    }
}
