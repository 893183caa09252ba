package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewValuesTest {

    private final List<String> charged = new ArrayList<>();

    /** An allowance of {@code n} new views per address, recording who was charged. */
    private NewValues allowing(int n, int remembered) {
        return new NewValues(address -> {
            if (charged.stream().filter(address::equals).count() >= n) {
                return false;
            }
            charged.add(address);
            return true;
        }, remembered);
    }

    @Test
    void onlyAViewThatBringsSomethingNewIsCharged() {
        NewValues values = allowing(10, 1000);
        assertThat(values.admit("a.example", 0, "1.1.1.1", "/", null, "Chrome", "Chrome 120", "Windows", "1920x1080")).isTrue();
        assertThat(values.admit("a.example", 0, "2.2.2.2", "/", null, "Chrome", "Chrome 120", "Windows", "1920x1080")).isTrue();
        assertThat(values.admit("a.example", 0, "2.2.2.2", "/b", null, "Chrome", "Chrome 120", "Windows", "1920x1080")).isTrue();
        assertThat(charged).containsExactly("1.1.1.1", "2.2.2.2");
    }

    @Test
    void aValueIsNewToEachSiteAndEachDimension() {
        NewValues values = allowing(10, 1000);
        values.admit("a.example", 0, "1.1.1.1", "/x", null);
        values.admit("b.example", 0, "1.1.1.1", "/x", null);
        values.admit("a.example", 0, "1.1.1.1", null, "/x");
        assertThat(charged).hasSize(3);
    }

    @Test
    void aClientPastItsAllowanceIsRefusedButMaySendWhatIsKnown() {
        NewValues values = allowing(2, 1000);
        assertThat(values.admit("a.example", 0, "1.1.1.1", "/1")).isTrue();
        assertThat(values.admit("a.example", 0, "1.1.1.1", "/2")).isTrue();
        assertThat(values.admit("a.example", 0, "1.1.1.1", "/3")).isFalse();
        assertThat(values.admit("a.example", 0, "1.1.1.1", "/1")).isTrue();
        assertThat(values.admit("a.example", 0, "9.9.9.9", "/3")).isTrue();
    }

    @Test
    void aNewHourForgetsWhatTheLastOneSaw() {
        NewValues values = allowing(10, 1000);
        values.admit("a.example", 0, "1.1.1.1", "/1");
        values.admit("a.example", 3600, "1.1.1.1", "/1");
        assertThat(charged).hasSize(2);
        values.admit("a.example", 0, "1.1.1.1", "/1"); // late for an hour gone: judged against the current one
        assertThat(charged).hasSize(2);
    }

    @Test
    void pastWhatItRemembersEveryUnrememberedValueIsCharged() {
        NewValues values = allowing(100, 3);
        for (String page : List.of("/1", "/2", "/3", "/4")) {
            values.admit("a.example", 0, "1.1.1.1", page);
        }
        assertThat(charged).hasSize(4);
        values.admit("a.example", 0, "1.1.1.1", "/3"); // remembered: free
        values.admit("a.example", 0, "1.1.1.1", "/4"); // not remembered: charged again
        assertThat(charged).hasSize(5);
    }
}
