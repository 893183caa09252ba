package tally.badge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/** The metric format matches shields' text-formatters.js (expected values computed with its code). */
class MetricTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/badge/metric-expected.csv")
    void formatsAsShieldsDoes(long n, String expected) {
        assertThat(Metric.format(n)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1234,1.2k", "34000000,34M", "999,999", "1050,1.1k", "1950,1.9k", "999999,1M"})
    void roundsTheBinaryValueLikeToFixed(long n, String expected) {
        assertThat(Metric.format(n)).isEqualTo(expected);
    }
}
