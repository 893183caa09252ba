package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final List<String> written = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final ThrottledLog log = new ThrottledLog(written::add, Duration.ofSeconds(10), now::get);

    @Test
    void writesTheFirstLineAndCountsTheRestUntilThePeriodIsOver() {
        long start = now.get();
        log.log("failure 1");
        for (int i = 2; i <= 500; i++) {
            now.addAndGet(10_000_000L); // 4.99 s in all
            log.log("failure " + i);
        }
        assertThat(written).containsExactly("failure 1");

        now.set(start + Duration.ofSeconds(10).toNanos());
        log.log("failure 501");
        assertThat(written).containsExactly("failure 1", "failure 501 (and 499 more like it since the last, not logged)");
    }

    @Test
    void aLineAfterAQuietPeriodIsWrittenPlain() {
        log.log("first");
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        log.log("second");
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        log.log("third");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.log("fourth");
        assertThat(written).containsExactly("first", "second", "fourth (and 1 more like it since the last, not logged)");
    }

    @Test
    void recoveredTellsHowManyFailuresThereWereLoggedOrNot() {
        for (int i = 0; i < 7; i++) {
            log.log("failure");
        }
        assertThat(written).hasSize(1);
        assertThat(log.recovered()).isEqualTo(7);
        assertThat(log.recovered()).isZero();
    }
}
