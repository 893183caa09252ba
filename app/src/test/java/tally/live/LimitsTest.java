package tally.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The stream limits: a few hosts of one network cannot take every slot, and slots come back when released. */
class LimitsTest {

    @Test
    void addressesOfOneIpv4NetworkShareItsLimit() {
        Limits limits = new Limits(10_000, 32, 128);
        for (int host = 1; host <= 4; host++) {
            for (int i = 0; i < 32; i++) {
                limits.admit("203.0.113." + host);
            }
        }
        assertThatThrownBy(() -> limits.admit("203.0.113.77"))
                .isInstanceOf(Refused.class).hasMessageContaining("TALLY_SSE_PER_NETWORK").hasMessageContaining("203.0.113.0/24");
        limits.admit("203.0.114.1");
        limits.release("203.0.113.2");
        limits.admit("203.0.113.77");
        assertThat(limits.total()).isEqualTo(129);
    }

    @Test
    void addressesOfOneIpv6SlashSixtyFourShareItsLimit() {
        Limits limits = new Limits(10_000, 32, 64);
        for (int host = 1; host <= 64; host++) {
            limits.admit("2001:db8:1:2::" + Integer.toHexString(host));
        }
        assertThatThrownBy(() -> limits.admit("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isInstanceOf(Refused.class).hasMessageContaining("2001:db8:1:2::/64");
        limits.admit("2001:db8:1:3::1");
    }

    @Test
    void threeHundredAddressesCannotTakeEveryStream() {
        Limits limits = new Limits(10_000, 32, 128);
        int admitted = 0;
        for (int host = 0; host < 313; host++) {
            for (int i = 0; i < 32; i++) {
                try {
                    limits.admit("127.0." + host / 256 + "." + host % 256);
                    admitted++;
                } catch (Refused e) {
                    assertThat(e.status()).isEqualTo(429);
                }
            }
        }
        assertThat(admitted).isEqualTo(256);
    }

    @Test
    void networksAreTheSlashTwentyFourOrTheSlashSixtyFour() {
        assertThat(Limits.network("192.0.2.200")).isEqualTo("192.0.2.0/24");
        assertThat(Limits.network("::ffff:192.0.2.200")).isEqualTo("192.0.2.0/24");
        assertThat(Limits.network("2001:DB8:0:0:1::1")).isEqualTo("2001:db8:0:0::/64");
        assertThat(Limits.network("unknown")).isEqualTo("unknown");
        assertThat(Limits.network("::zz")).isEqualTo("::zz");
    }
}
