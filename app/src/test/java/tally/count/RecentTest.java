package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RecentTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();

    @Test
    void aKeyIsRememberedForItsTimeToLiveOnly() {
        Recent<String, Integer> recent = new Recent<>(Duration.ofSeconds(2), 10, clock);
        assertThat(recent.remembered("a", () -> 1)).isEqualTo(1);
        clock.millis += 1_999;
        assertThat(recent.remembered("a", () -> 2)).isEqualTo(1);
        clock.millis += 1;
        assertThat(recent.remembered("a", () -> 3)).isEqualTo(3);
    }

    @Test
    void firstIsTrueOncePerTimeToLive() {
        Recent<String, Boolean> recent = new Recent<>(Duration.ofSeconds(300), 10, clock);
        assertThat(recent.first("a", true)).isTrue();
        assertThat(recent.first("a", true)).isFalse();
        assertThat(recent.first("b", true)).isTrue();
        clock.millis += 300_000;
        assertThat(recent.first("a", true)).isTrue();
        recent.forget("a");
        assertThat(recent.first("a", true)).isTrue();
    }

    @Test
    void itNeverHoldsMoreThanItsCapacityAndForgetsTheOldestFirst() {
        Recent<Integer, Boolean> recent = new Recent<>(Duration.ofDays(365), 1_000, clock);
        for (int i = 0; i < 100_000; i++) {
            recent.first(i, true);
            clock.millis++;
        }
        assertThat(recent.size()).isEqualTo(1_000);
        assertThat(recent.first(99_999, true)).isFalse();
        assertThat(recent.first(0, true)).isTrue();
    }

    @Test
    void aClockThatGoesBackForgetsRatherThanRemembersForLonger() {
        Recent<String, Boolean> recent = new Recent<>(Duration.ofSeconds(300), 10, clock);
        recent.first("a", true);
        clock.millis -= 60_000;
        assertThat(recent.first("a", true)).isTrue();
    }
}
