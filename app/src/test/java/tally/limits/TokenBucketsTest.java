package tally.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aClientMayBurstThenGetsTheRate() {
        TokenBuckets buckets = new TokenBuckets(Rate.parse("10/s:60"), 1000, nanos::get);
        for (int i = 0; i < 60; i++) {
            assertThat(buckets.take("192.0.2.1").allowed()).as("hit %d of the burst", i + 1).isTrue();
        }
        TokenBuckets.Decision beyond = buckets.take("192.0.2.1");
        assertThat(beyond.allowed()).isFalse();
        assertThat(beyond.limit()).isEqualTo(60);
        assertThat(beyond.remaining()).isZero();
        assertThat(beyond.resetSeconds()).isEqualTo(6);
        assertThat(buckets.take("192.0.2.2").allowed()).as("another client has its own bucket").isTrue();
        nanos.addAndGet(100_000_000L);
        assertThat(buckets.take("192.0.2.1").allowed()).as("a tenth of a second later, one more").isTrue();
        assertThat(buckets.take("192.0.2.1").allowed()).isFalse();
    }

    @Test
    void theMapOfClientsIsBounded() {
        TokenBuckets buckets = new TokenBuckets(Rate.parse("1/h:5"), 1000, nanos::get);
        for (int i = 0; i < 20_000; i++) {
            buckets.take("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(1000);
    }

    @Test
    void ipv6ClientsAreLimitedPerSlash64() {
        assertThat(ClientKeys.of("2001:db8:1:2:aaaa::1")).isEqualTo(ClientKeys.of("2001:db8:1:2:bbbb::9"))
                .isNotEqualTo(ClientKeys.of("2001:db8:1:3::1"));
        assertThat(ClientKeys.of("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientKeys.of("x".repeat(500))).hasSize(64);
    }
}
