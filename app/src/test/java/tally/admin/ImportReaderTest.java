package tally.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Reading import files, bad ones above all: what is refused, on which line, and what is left behind. */
class ImportReaderTest {

    private static final String TWO_GOOD_LINES = "[{\"url\": \"a.example/x\", \"count\": 1},\n{\"url\": \"b.example/y\", \"count\": 2},\n";

    private static InvalidImport refused(String json) {
        return refused(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ImportReader.Format.JSON);
    }

    private static InvalidImport refused(InputStream in, ImportReader.Format format) {
        return catchThrowableOfType(InvalidImport.class, () -> {
            try (Spool spool = new ImportReader(LocalDate.of(2026, 12, 1)).read(in, format)) {
                throw new AssertionError("imported " + spool.rows() + " rows");
            }
        });
    }

    @Test
    void jsonNestedTooDeepIsRefusedOnTheLineWhereItIs() {
        InvalidImport e = refused(TWO_GOOD_LINES + "[".repeat(1_001) + "]".repeat(1_001) + "]");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("nesting depth (1001) exceeds the maximum allowed (1000)");
        });
    }

    @Test
    void aJsonFieldNameTooLongIsRefusedOnTheLineWhereItIs() {
        InvalidImport e = refused(TWO_GOOD_LINES + "{\"" + "n".repeat(60_000) + "\": 1}]");
        assertThat(e.getMessage()).startsWith("not valid JSON on line 3: ");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("Name length").doesNotContain("StreamReadConstraints");
        });
    }
}
