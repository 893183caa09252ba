package tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import FILE} reads a file as JSON or CSV by how it begins, and a CSV may begin with an IPv6 address. */
class ImportFileTest {

    @TempDir
    Path dir;

    @Test
    void aHeaderlessCsvWhoseFirstUrlIsAnIpv6AddressIsReadAsCsv() throws Exception {
        Path csv = Files.writeString(dir.resolve("counts.csv"), "[2001:db8::1]/page,5\nexample.com/a,7\n");
        assertThat(importing(csv)).startsWith("0 Imported 2 lines");
        assertThat(count("[2001:db8::1]/page")).isEqualTo(5);
    }

    @Test
    void jsonIsAnArrayOfObjectsOrEmptyAfterAnyBlanks() throws Exception {
        Path json = Files.writeString(dir.resolve("counts.json"), "\uFEFF \n[\n  {\"url\": \"example.com/j\", \"count\": 3}]");
        assertThat(importing(json)).startsWith("0 Imported 1 lines");
        assertThat(count("example.com/j")).isEqualTo(3);
        Path empty = Files.writeString(dir.resolve("empty.json"), "[ ]");
        assertThat(importing(empty)).startsWith("1 ").contains("nothing to import");
    }

    /** The exit code, a space, and what the command wrote (standard output, then standard error). */
    private String importing(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Commands.run(new String[] {"import", file.toString()}, Map.of("TALLY_DB", dir.resolve("tally.db").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }

    private long count(String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dir.resolve("tally.db") + "?mode=ro");
             PreparedStatement s = c.prepareStatement("SELECT count FROM counters WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
