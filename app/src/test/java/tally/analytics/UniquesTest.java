package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tally.TestTally;

class UniquesTest {

    @Test
    void aClientIsNewOnceADayPerSiteAndOncePerPage() {
        TestTally.MovableClock clock = TestTally.MovableClock.at("2026-11-21T23:00:00Z");
        Uniques u = new Uniques(clock);
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/x", null)).isEqualTo(new Uniques.Firsts(true, true, false));
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/y", null)).isEqualTo(new Uniques.Firsts(false, true, false));
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/x", null)).isEqualTo(new Uniques.Firsts(false, false, false));
        assertThat(u.see("b.example", "1.2.3.4", "UA", "/x", null).visitor()).isTrue();
        assertThat(u.see("a.example", "1.2.3.5", "UA", "/x", null).visitor()).isTrue();
        assertThat(u.see("a.example", "1.2.3.4", "UA2", "/x", null).visitor()).isTrue();
        clock.advanceSeconds(3600);
        u.forgetIfNewDay();
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/x", null)).isEqualTo(new Uniques.Firsts(true, true, false));
    }

    @Test
    void aClientIsNewOnceADayPerReferrerEvenAfterItsFirstView() {
        Uniques u = new Uniques(TestTally.MovableClock.at("2026-11-21T12:00:00Z"));
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/", null)).isEqualTo(new Uniques.Firsts(true, true, false));
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/", "Hacker News")).isEqualTo(new Uniques.Firsts(false, false, true));
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/x", "Hacker News")).isEqualTo(new Uniques.Firsts(false, true, false));
        assertThat(u.see("a.example", "1.2.3.4", "UA", "/x", "Reddit")).isEqualTo(new Uniques.Firsts(false, false, true));
        assertThat(u.see("a.example", "1.2.3.5", "UA", "/x", "Reddit")).isEqualTo(new Uniques.Firsts(true, true, true));
    }

    @Test
    void pastTheBoundNewClientsCountAsUniqueOnEveryView() {
        Uniques u = new Uniques(TestTally.MovableClock.at("2026-11-21T12:00:00Z"), 4);
        assertThat(u.see("a.example", "1", "UA", "/", null).visitor()).isTrue();
        assertThat(u.see("a.example", "2", "UA", "/", null).visitor()).isTrue();
        assertThat(u.see("a.example", "1", "UA", "/", null).visitor()).isFalse(); // remembered
        assertThat(u.see("a.example", "3", "UA", "/", null).visitor()).isTrue();
        assertThat(u.see("a.example", "3", "UA", "/", null).visitor()).isTrue(); // the table is full: not remembered
    }
}
