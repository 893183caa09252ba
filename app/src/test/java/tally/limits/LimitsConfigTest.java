package tally.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tally.Config;

class LimitsConfigTest {

    @Test
    void theDefaultsAreTenASecondWithBurstsOfSixtyAndAHundredNewCountersAnHour() {
        Config c = Config.fromEnv(Map.of());
        assertThat(c.limits().rateLimit()).isEqualTo(new Rate(10, 60));
        assertThat(c.limits().newCountersPerHour()).isEqualTo(100);
        assertThat(c.limits().allowedHosts().allowsAll()).isTrue();
        assertThat(c.limits().rateLimitExempt().isEmpty()).isTrue();
    }

    @Test
    void ratesAreWrittenPerSecondMinuteOrHourWithABurst() {
        assertThat(Rate.parse("5/s")).isEqualTo(new Rate(5, 5));
        assertThat(Rate.parse("120/m:10")).isEqualTo(new Rate(2, 10));
        assertThat(Rate.parse(" 36/H:1 ")).isEqualTo(new Rate(0.01, 1));
        assertThat(Rate.parse("off")).isNull();
        assertThat(Config.fromEnv(Map.of("TALLY_RATE_LIMIT", "off")).limits().rateLimit()).isNull();
        assertThat(Config.fromEnv(Map.of("TALLY_NEW_COUNTERS_PER_HOUR", "off")).limits().newCountersPerHour()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void badValuesStopTheStartNamingTheVariable() {
        for (String rate : new String[] {"10", "10/s:", "0/s", "10/d", "ten/s", "10/s:0", "-1/s"}) {
            assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_RATE_LIMIT", rate)))
                    .as(rate).isInstanceOf(Config.Invalid.class).hasMessageContaining("TALLY_RATE_LIMIT").hasMessageContaining("10/s:60");
        }
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_RATE_LIMIT_EXEMPT", "10.0.0.0/8,proxy.example")))
                .hasMessageContaining("TALLY_RATE_LIMIT_EXEMPT").hasMessageContaining("'proxy.example'");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_RATE_LIMIT_EXEMPT", "10.0.0.0/33")))
                .hasMessageContaining("TALLY_RATE_LIMIT_EXEMPT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_NEW_COUNTERS_PER_HOUR", "0")))
                .hasMessageContaining("TALLY_NEW_COUNTERS_PER_HOUR").hasMessageContaining("or off");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("TALLY_ALLOWED_HOSTS", "example.com,https://x.org/")))
                .hasMessageContaining("TALLY_ALLOWED_HOSTS").hasMessageContaining("'https://x.org/'");
    }

    @Test
    void exemptRangesHoldTheirAddresses() {
        AddressRanges r = AddressRanges.parse("127.0.0.1, 10.0.0.0/8, 2001:db8::/32");
        assertThat(r.contains("127.0.0.1")).isTrue();
        assertThat(r.contains("10.200.3.4")).isTrue();
        assertThat(r.contains("11.0.0.1")).isFalse();
        assertThat(r.contains("2001:db8:ffff::1")).isTrue();
        assertThat(r.contains("[2001:db8::1]")).isTrue();
        assertThat(r.contains("2001:db9::1")).isFalse();
        assertThat(r.contains("localhost")).as("never a DNS look-up").isFalse();
        assertThat(r.contains("garbage")).isFalse();
    }

    @Test
    void allowedHostsMatchExactNamesAndWildcardSubdomains() {
        AllowedHosts h = AllowedHosts.parse("example.com,*.github.io,github.com");
        assertThat(h.allows("example.com/a")).isTrue();
        assertThat(h.allows("example.com:8080/a")).isTrue();
        assertThat(h.allows("me.github.io/blog")).isTrue();
        assertThat(h.allows("a.b.github.io")).isTrue();
        assertThat(h.allows("github.io/x")).as("*.github.io is under github.io only").isFalse();
        assertThat(h.allows("github.com/me/repo")).isTrue();
        assertThat(h.allows("evil.com/example.com")).isFalse();
        assertThat(h.allows("notexample.com")).isFalse();
        assertThat(h.allows("example.com.evil.net")).isFalse();
    }
}
