package tally.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tally.count.InvalidKey;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "...", "....."})
    void namesOfOnlyDotsAreRefused(String name) {
        assertThatThrownBy(() -> Names.named(name)).isInstanceOf(InvalidKey.class).hasMessageContaining("not only dots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", ".a", "a.", "..a..", "v1.2", "_", "-", "._-"})
    void namesWithSomethingBesidesDotsAreKept(String name) {
        assertThat(Names.named(name).key()).isEqualTo(name);
    }
}
