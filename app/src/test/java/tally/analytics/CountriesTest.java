package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Countries from both database layouts: the shipped one's top-level country_code, and GeoLite2's country.iso_code. */
class CountriesTest {

    @TempDir
    Path dir;

    static Path geoLite2() {
        try {
            return Path.of(CountriesTest.class.getResource("/geo/GeoLite2-Country-Test.mmdb").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGeoLite2DatabaseGivesTheCountryOfTheAddressNotWhereItsBlockIsRegistered() {
        Countries countries = Countries.file(geoLite2());
        // (MaxMind's test data: these blocks are registered in FR, RO, DE and GB, and used in the country given)
        assertThat(countries.of("2.125.160.217")).isEqualTo("GB");
        assertThat(countries.of("67.43.156.7")).isEqualTo("BT");
        assertThat(countries.of("89.160.20.130")).isEqualTo("SE");
        assertThat(countries.of("216.160.83.57")).isEqualTo("US");
        assertThat(countries.of("2001:218::1")).isEqualTo("JP");
        assertThat(countries.of("[2001:220::2]")).isEqualTo("KR");
    }

    @Test
    void anAddressTheDatabaseDoesNotPlaceHasNoCountry() {
        Countries countries = Countries.file(geoLite2());
        assertThat(countries.of("2a02:d500::1")).as("a block with a continent only").isNull();
        assertThat(countries.of("192.0.2.1")).as("not in the database").isNull();
        assertThat(countries.of("not-an-address")).isNull();
        assertThat(countries.of("example.com")).as("never looked up in DNS").isNull();
        assertThat(countries.of(null)).isNull();
    }

    @Test
    void theShippedDatabaseGivesCountriesFromItsOwnLayout() {
        Countries countries = Countries.shipped().ready();
        assertThat(countries.of("8.8.8.8")).isEqualTo("US");
    }

    @Test
    void addressesNoVisitorHasGetNoCountryWhateverTheDatabaseSays() {
        Countries countries = Countries.shipped().ready();
        assertThat(countries.of("192.168.1.1")).as("the shipped data puts 192.168/16 in AU").isNull();
        for (String address : new String[] {"10.1.2.3", "172.16.0.1", "172.31.255.255", "127.0.0.1", "100.64.0.1",
                "169.254.1.1", "192.0.2.1", "198.51.100.1", "203.0.113.5", "198.18.0.1", "224.0.0.1", "240.0.0.1",
                "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "fc00::1", "2001:db8::1", "ff02::1"}) {
            assertThat(countries.of(address)).as(address).isNull();
        }
        assertThat(countries.of("172.32.0.1")).as("just past 172.16.0.0/12").isNotNull();
        assertThat(countries.of("100.128.0.1")).as("just past 100.64.0.0/10").isNotNull();
    }

    @Test
    void aFileThatIsNotAMaxMindDatabaseStopsTheStartWithItsName() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");
        assertThatThrownBy(() -> Countries.file(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TALLY_GEOIP_DB").hasMessageContaining("junk.mmdb");
        assertThatThrownBy(() -> Countries.file(dir.resolve("missing.mmdb"))).hasMessageContaining("cannot read");
    }
}
