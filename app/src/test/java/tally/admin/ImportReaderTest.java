package tally.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    void aFieldGivenTwiceInOneObjectIsRefusedRatherThanTheLastKept() {
        InvalidImport e = refused(TWO_GOOD_LINES + "{\"url\": \"c.example/a\", \"url\": \"c.example/b\", \"count\": 3}]");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).isEqualTo("field \"url\" is given twice: send each field once");
        });
    }

    @Test
    void aDayBeforeUnixTimeIsRefusedInCsvAndJson() {
        for (String date : List.of("0001-01-01", "-0001-01-01", "1969-12-31")) {
            InvalidImport json = refused(TWO_GOOD_LINES + "{\"url\": \"c.example/a\", \"count\": 3, \"date\": \"" + date + "\"}]");
            assertThat(json.problems()).as(date).singleElement().satisfies(p -> assertThat(p.reason()).contains("before 1970-01-01"));
            InvalidImport csv = refused(new ByteArrayInputStream(("c.example/a,3," + date + "\n").getBytes(StandardCharsets.UTF_8)),
                    ImportReader.Format.CSV);
            assertThat(csv.problems()).as(date).singleElement().satisfies(p -> assertThat(p.reason()).contains("before 1970-01-01"));
        }
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

    @Test
    void aJsonStringLongerThanACsvFieldIsRefusedOnItsLineBeforeItIsAllRead() {
        InvalidImport e = refused(TWO_GOOD_LINES + "{\"url\": \"https://example.com/" + "a".repeat(100_000) + "\", \"count\": 1}]");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("exceeds the maximum allowed (" + CsvRecords.MAX_FIELD + ")");
        });
    }

    @Test
    void aReadThatFailsHalfWayLeavesNoSpoolFileOpenOrOnDisk() throws IOException {
        for (ImportReader.Format format : ImportReader.Format.values()) {
            Set<Path> before = spools();
            Set<Path> made = new HashSet<>();
            byte[] line = (format == ImportReader.Format.CSV ? "a.example/x,1\n" : "[{\"url\": \"a.example/x\", \"count\": 1},\n")
                    .getBytes(StandardCharsets.UTF_8);
            InputStream failing = new SequenceInputStream(new ByteArrayInputStream(line), new InputStream() {
                @Override
                public int read() throws IOException {
                    made.addAll(spools());
                    made.removeAll(before);
                    throw new OutOfMemoryError("as a 19 MB string did under -Xmx128m");
                }
            });
            assertThatThrownBy(() -> new ImportReader(LocalDate.of(2026, 12, 1)).read(failing, format).close())
                    .isInstanceOf(OutOfMemoryError.class);
            assertThat(made).as(format + ": the spool was made").isNotEmpty();
            assertThat(made).as(format.name()).allMatch(f -> !Files.exists(f));
            assertThat(openFiles()).as(format.name()).noneMatch(open -> made.stream().anyMatch(f -> open.contains(f.getFileName().toString())));
        }
    }

    private static Set<Path> spools() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "tally-import-*.rows")) {
            Set<Path> found = new HashSet<>();
            files.forEach(found::add);
            return found;
        }
    }

    /** What this process's file descriptors point at (Linux), a deleted file's name among them. */
    private static List<String> openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return List.of();
        }
        List<String> open = new ArrayList<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
            for (Path fd : links) {
                try {
                    open.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        return open;
    }
}
