package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void aTitleKeepsSingleSpacesAndFoldsRunsOfThem() {
        assertThat(Values.title("A post about SQLite")).isEqualTo("A post about SQLite");
        assertThat(Values.title("  A   post \u00a0 x  ")).isEqualTo("A post \u00a0 x");
        assertThat(Values.title("A  post   about    SQLite")).isEqualTo("A post about SQLite");
    }

    @Test
    void aTitleLosesControlCharactersAndIsCutToItsLimit() {
        assertThat(Values.title("Tab\there\r\nand\u0000bell\u0007")).isEqualTo("Tabhereandbell");
        assertThat(Values.title("x".repeat(10_000))).hasSize(Values.MAX_TITLE);
        assertThat(Values.title(" \t\n ")).isNull();
        assertThat(Values.title(null)).isNull();
    }
}
