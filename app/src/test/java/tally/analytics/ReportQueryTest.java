package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportQueryTest {

    private static final long NOW = 1_764_547_200L;

    private static ReportQuery parse(String name, String value) {
        return ReportQuery.parse(Map.of("site", List.of("blog.example"), name, List.of(value)), NOW);
    }

    @Test
    void timesAndTheLimitAreReadFromAsciiDigits() {
        assertThat(parse("start", " 1764547197 ").start()).isEqualTo(NOW - 3);
        assertThat(parse("end", "1764547200").end()).isEqualTo(NOW);
        assertThat(parse("limit", "5").limit()).isEqualTo(5);
    }

    /** Long.parseLong reads a digit of any script: ٣ (Arabic-Indic), ５ (full-width), १ (Devanagari). */
    @ParameterizedTest
    @ValueSource(strings = {"٣", "１７６４５４７２００", "176454720٠", "१"})
    void aTimeInOtherDigitsIsRefusedWithAMessageToSendAsciiOnes(String time) {
        for (String name : List.of("start", "end")) {
            assertThatThrownBy(() -> parse(name, time)).as(name).isInstanceOf(InvalidQuery.class)
                    .hasMessageStartingWith(name + " must be a time in UNIX seconds, in ASCII digits 0-9");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"５", "٣", "1٠"})
    void aLimitInOtherDigitsIsRefusedWithAMessageToSendAsciiOnes(String limit) {
        assertThatThrownBy(() -> parse("limit", limit)).isInstanceOf(InvalidQuery.class)
                .hasMessageStartingWith("limit must be a whole number from 1 to 1000, in ASCII digits 0-9");
    }
}
