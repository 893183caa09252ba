package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import FILE} and {@code export} of the real jar on a stopped database, and a 50 MB import over HTTP. */
class ImportExportIT {

    static final String TOKEN = "import-export-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void importThenExportOnAStoppedDatabaseGivesTheFileBackAndAddAdds() throws Exception {
        Path db = dir.resolve("tally.db");
        Path csv = dir.resolve("counts.csv");
        // in the order an export writes: by kind (page ids first), then key
        Files.writeString(csv, "url,count,date\r\npage_id:p,3,\r\nexample.com/a,10,\r\nexample.com/a,4,2026-11-01\r\n");
        Jar in = Jar.run(Map.of("TALLY_DB", db.toString()), "import", csv.toString());
        assertThat(in.exit()).as(in.err()).isZero();
        assertThat(in.out()).contains("Imported 3 lines (2 counters)");
        Jar out = Jar.run(Map.of("TALLY_DB", db.toString()), "export");
        assertThat(out.exit()).as(out.err()).isZero();
        assertThat(out.out()).isEqualTo(Files.readString(csv));

        assertThat(Jar.run(Map.of("TALLY_DB", db.toString()), "import", csv.toString(), "--add").exit()).isZero();
        Path json = dir.resolve("out.json");
        Jar again = Jar.run(Map.of("TALLY_DB", db.toString()), "export", "--format=json", json.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readString(json)).contains("{\"url\":\"example.com/a\",\"count\":20}", "\"count\":8,\"date\":\"2026-11-01\"");

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "example.com/b,1\nexample.com/c,x\n");
        Jar refused = Jar.run(Map.of("TALLY_DB", db.toString()), "import", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("line 2: count must be a whole number");
        assertThat(ChildTally.hitsInFile(db)).isEqualTo(20 + 6);
    }

    @Test
    void anExportThatCannotBeWrittenWholeLeavesNoFileBehind() throws Exception {
        Path db = dir.resolve("tally.db");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append("https://example.com/page-").append(i).append(',').append(i).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("counts.csv"), lines);
        assertThat(Jar.run(Map.of("TALLY_DB", db.toString()), "import", csv.toString()).exit()).isZero();
        Path folder = Files.createDirectories(dir.resolve("exports"));

        // 2 MB: less than the export's 3.3 MB, more than anything else the command writes (SQLite's 1.1 MB library)
        Jar full = Jar.runWithFileSizeLimit(2_048, Map.of("TALLY_DB", db.toString()), "export", folder.resolve("counts.csv").toString());
        assertThat(full.exit()).as(full.err()).isEqualTo(1);
        assertThat(full.err()).contains("export of TALLY_DB=" + db + " refused");
        try (var left = Files.list(folder)) {
            assertThat(left).as("neither half an export nor its temporary file").isEmpty();
        }

        Jar whole = Jar.run(Map.of("TALLY_DB", db.toString()), "export", folder.resolve("counts.csv").toString());
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(Files.readString(folder.resolve("counts.csv"))).startsWith("url,count,date\r\n").contains("example.com/page-99999,99999,");
    }

    @Test
    void bothCommandsRefuseWhileAServerHoldsTheDatabase() throws Exception {
        Path db = dir.resolve("tally.db");
        Path csv = dir.resolve("counts.csv");
        Files.writeString(csv, "example.com/a,10\n");
        try (ChildTally tally = ChildTally.start(db, Map.of())) {
            assertThat(tally.get("/count?url=example.com/a").statusCode()).isEqualTo(200);
            Jar in = Jar.run(Map.of("TALLY_DB", db.toString()), "import", csv.toString());
            assertThat(in.exit()).isEqualTo(1);
            assertThat(in.err()).contains("stop the server first");
            Jar out = Jar.run(Map.of("TALLY_DB", db.toString()), "export");
            assertThat(out.exit()).isEqualTo(1);
            assertThat(out.err()).contains("stop the server first");
            assertThat(tally.get("/nocount?url=example.com/a").body()).isEqualTo("1");
        }
    }

    @Test
    void aFiftyMegabyteImportGoesThroughTheServerInBoundedMemory() throws Exception {
        Path db = dir.resolve("tally.db");
        int lines = 1_600_000;
        // A 64 MB heap, smaller than the body: the lines go to a file on disk, never all into memory.
        java.util.List<String> smallHeap = java.util.List.of(ChildTally.javaCommand().replace("-Xmx256m", "-Xmx64m").split(" "));
        try (ChildTally tally = ChildTally.launch(db, Map.of("TALLY_ADMIN_TOKEN", TOKEN), smallHeap)) {
            long[] bytes = new long[1];
            Enumeration<InputStream> parts = new Enumeration<>() {
                private int i;

                @Override
                public boolean hasMoreElements() {
                    return i < lines;
                }

                @Override
                public InputStream nextElement() {
                    StringBuilder b = new StringBuilder();
                    for (int end = Math.min(lines, i + 10_000); i < end; i++) {
                        b.append("https://site").append(i % 200).append(".example/a/page-").append(i % 100_000).append(",1\n");
                    }
                    byte[] chunk = b.toString().getBytes(StandardCharsets.UTF_8);
                    bytes[0] += chunk.length;
                    return new ByteArrayInputStream(chunk);
                }
            };
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + tally.port + "/admin/import"))
                    .header("Content-Type", "text/csv").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(parts))).build();
            long start = System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            System.out.printf("imported %,d lines (%,d bytes) in %,d ms%n", lines, bytes[0], (System.nanoTime() - start) / 1_000_000);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(bytes[0]).isGreaterThan(50_000_000L);
            assertThat(tally.get("/nocount?url=site7.example/a/page-7").body()).isEqualTo("16");
            assertThat(tally.get("/healthz").statusCode()).isEqualTo(200);
        }
        assertThat(ChildTally.hitsInFile(db)).isEqualTo(lines);
    }
}
