package tally.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tally.count.Creation;

class NewCounterCapTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    @Test
    void aClientCreatesItsAllowanceEachHour() {
        NewCounterCap cap = new NewCounterCap(3, 1000, nanos::get);
        Creation client = cap.forClient("192.0.2.1");
        assertThat(client.allow()).isTrue();
        assertThat(client.allow()).isTrue();
        assertThat(client.allow()).isTrue();
        assertThat(client.allow()).isFalse();
        assertThat(cap.forClient("192.0.2.2").allow()).as("another address").isTrue();
        assertThat(cap.forClient("2001:db8::1").allow()).isTrue();
        nanos.addAndGet(3_599_000_000_000L);
        assertThat(client.allow()).as("still within the hour").isFalse();
        nanos.addAndGet(1_000_000_000L);
        assertThat(client.allow()).as("the next hour").isTrue();
    }

    @Test
    void aClientThatSpentItsHourIsToldWhenItEnds() {
        NewCounterCap cap = new NewCounterCap(2, 1000, nanos::get);
        Creation client = cap.forClient("192.0.2.1");
        client.allow();
        assertThat(cap.secondsUntilNext("192.0.2.1")).as("one more is allowed").isZero();
        nanos.addAndGet(600_000_000_000L);
        client.allow();
        assertThat(cap.secondsUntilNext("192.0.2.1")).as("the hour began at the first creation").isEqualTo(3000);
        nanos.addAndGet(2_999_500_000_000L);
        assertThat(cap.secondsUntilNext("192.0.2.1")).as("rounded up").isEqualTo(1);
        nanos.addAndGet(500_000_000L);
        assertThat(cap.secondsUntilNext("192.0.2.1")).isZero();
        assertThat(cap.secondsUntilNext("192.0.2.2")).as("an address never seen").isZero();
    }

    @Test
    void theMapOfClientsIsBounded() {
        NewCounterCap cap = new NewCounterCap(100, 1000, nanos::get);
        for (int i = 0; i < 20_000; i++) {
            cap.forClient("10.1." + (i / 256) + "." + (i % 256)).allow();
        }
        assertThat(cap.size()).isLessThanOrEqualTo(1000);
    }
}
