package tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, whose ICU4J data is trimmed to what UTS #46 reads, still maps host names as browsers do. */
class HostNamesJarIT {

    @TempDir
    Path dir;

    @Test
    void thePackagedJarMapsAndRefusesHostNamesAsBrowsersDo() throws Exception {
        try (ChildTally tally = ChildTally.start(dir.resolve("tally.db"), Map.of())) {
            assertThat(tally.get("/count.json?url=https://stra%C3%9Fe.de/a").body()).contains("\"url\":\"xn--strae-oqa.de/a\"");
            assertThat(tally.get("/nocount?url=xn--strae-oqa.de/a").body()).isEqualTo("1");
            assertThat(tally.get("/count.json?url=%CE%B2%CF%8C%CE%BB%CE%BF%CF%82.com").body()).contains("xn--nxasmm1c.com");
            HttpResponse<String> bad = tally.get("/count?url=xn--zz.com");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("not valid punycode");
            assertThat(tally.get("/count?url=a%D7%90.com").statusCode()).isEqualTo(400);
            assertThat(tally.log.toString()).doesNotContain("Exception", "MissingResource");
        }
    }
}
