package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "203.0.113.7|203.0.113.7",
        "0.0.0.0|0.0.0.0",
        "255.255.255.255|255.255.255.255",
        "203.0.113.7:51234|203.0.113.7",
        "2001:db8::1|2001:db8::1",
        "2001:DB8:0:0:0:0:0:1|2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001|2001:db8::1:0:0:1",
        "[2001:db8::1]|2001:db8::1",
        "[2001:db8::1]:443|2001:db8::1",
        "::1|::1",
        "::|::",
        "0:0:0:0:0:0:0:1|::1",
        "1::|1::",
        "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
        "::ffff:203.0.113.7|203.0.113.7",
        "::ffff:cb00:7107|203.0.113.7",
        "64:ff9b::192.0.2.33|64:ff9b::c000:221",
    })
    void anAddressIsWrittenOneWay(String text, String canonical) {
        assertThat(Addresses.canonical(text)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "localhost", "example.com", "_hidden", "1.2.3", "1.2.3.4.5", "256.1.1.1",
        "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4:", "1.2.3.4:99999", "1.2.3.4:x", "0x7f.0.0.1",
        "１.２.３.４", "2001:db8::1::1", "2001:db8:::1", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1",
        "g::1", "2001:db8::1%eth0", "[2001:db8::1", "2001:db8::1]", "[1.2.3.4]", "[::1]x", "1.2.3.4::", "::1.2.3",
        "2001:db8::١", "1:2:3:4:5:6:7:1.2.3.4", "<script>", "1.2.3.4, 5.6.7.8"})
    void whatIsNotAnAddressIsRefused(String text) {
        assertThat(Addresses.canonical(text)).isNull();
    }
}
