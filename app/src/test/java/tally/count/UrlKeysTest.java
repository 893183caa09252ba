package tally.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UrlKeysTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://Example.com/a/          | example.com/a
            http://example.com/a            | example.com/a
            example.com/a#top               | example.com/a
            https://example.com             | example.com
            https://example.com/            | example.com
            HTTPS://EXAMPLE.COM/Path        | example.com/Path
            https://user:pw@example.com/a   | example.com/a
            https://example.com:443/a       | example.com/a
            http://example.com:80/a         | example.com/a
            https://example.com:8443/a      | example.com:8443/a
            example.com:8080/a              | example.com:8080/a
            https://example.com/a?b=c&d=e   | example.com/a
            https://example.com/a/./b/../c  | example.com/a/c
            https://example.com/../../a     | example.com/a
            https://example.com/%7euser     | example.com/~user
            https://example.com/%c3%a9      | example.com/%C3%A9
            https://example.com/é           | example.com/%C3%A9
            https://example.com/a b         | example.com/a%20b
            https://example.com/a%2Fb       | example.com/a%2Fb
            https://example.com/a//b/       | example.com/a//b
            //example.com/a                 | example.com/a
            https://bücher.de/x             | xn--bcher-kva.de/x
            https://example.com./a          | example.com/a
            https://example。com。/a        | example.com/a
            https://[2001:DB8::1]:8080/a    | [2001:db8::1]:8080/a
            https://192.168.0.1/a           | 192.168.0.1/a
            https://example.com/a:b@c       | example.com/a:b@c
            """)
    void normalisesUrls(String input, String key) {
        CounterKey k = UrlKeys.url(input);
        assertThat(k.kind()).isEqualTo(CounterKey.Kind.URL);
        assertThat(k.key()).isEqualTo(key);
    }

    /** Browsers read a host whose last label is a number as an IPv4 address, in decimal, octal or hex. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://0177.0.0.1/a             | 127.0.0.1/a
            http://0x7f.1/a                 | 127.0.0.1/a
            http://0X7F.0.0.01/a            | 127.0.0.1/a
            http://2130706433/a             | 127.0.0.1/a
            http://127.1/a                  | 127.0.0.1/a
            http://192.168.257/a            | 192.168.1.1/a
            http://127.0.0.1./a             | 127.0.0.1/a
            http://0x/a                     | 0.0.0.0/a
            http://0x1g/a                   | 0x1g/a
            http://4294967295:8080/a        | 255.255.255.255:8080/a
            https://[0:0:0:0:0:0:0:1]/a     | [::1]/a
            https://[2001:DB8:0:0:1:0:0:1]/ | [2001:db8::1:0:0:1]
            https://[1:0:0:2:0:0:0:3]/      | [1:0:0:2::3]
            https://[1::]/                  | [1::]
            https://[0001:0db8::0a]/        | [1:db8::a]
            https://[1:2:3:4:5:6:7:8]/      | [1:2:3:4:5:6:7:8]
            https://[1:0:2:3:4:5:6:7]/      | [1:0:2:3:4:5:6:7]
            https://[::ffff:192.0.2.1]/     | [::ffff:c000:201]
            """)
    void writesAddressesAsBrowsersDo(String input, String key) {
        assertThat(UrlKeys.url(input).key()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://1.2.3.4.5/", "https://256.0.0.1/", "https://1.2.3.256/", "https://1.2.0x10000/",
        "https://4294967296/", "https://1.2.3.09/", "https://example.123/", "https://0x100000000/", "https://1.0x.09/",
        "https://[1.2.3.4]/", "https://[1:2:3:4:5:6:7:8:9]/", "https://[1:::2]/", "https://[::1%25eth0]/"})
    void refusesAddressesBrowsersRefuse(String input) {
        assertThatThrownBy(() -> UrlKeys.url(input)).isInstanceOf(InvalidKey.class)
                .hasMessageContaining("url has an invalid");
    }

    @Test
    void theReadmeExamplesAreOneCounter() {
        assertThat(UrlKeys.url("https://Example.com/a/"))
                .isEqualTo(UrlKeys.url("http://example.com/a"))
                .isEqualTo(UrlKeys.url("example.com/a#top"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "ftp://example.com/a",
        "mailto:a@example.com", "", "   ", "https://", "https:///a", "http:example.com", "https://exa mple.com/a",
        "https://example.com/%zz", "https://example.com/%4", "https://example.com/%FF", "https://example.com/%C3",
        "https://example.com/a%00b", "https://example.com/a\u0000b", "https://example.com/a\r\nb",
        "https://example.com:0/a", "https://example.com:99999/a", "https://example.com:8x/a", "https://[::1/a",
        "https://example.com:\u0668\u0660\u0668\u0660/a", "example.com:\u0668\u0660/a", "https://example.com:\uff18\uff10/a",
        "https://ex%41mple.com/", "https://a..b/", "https://example.com../a", "https://./a", "https://example.com/\ufffd", "https://example.com/\ud800"})
    void rejectsUnusableUrls(String input) {
        assertThatThrownBy(() -> UrlKeys.url(input)).isInstanceOf(InvalidKey.class)
                .satisfies(e -> assertThat(((InvalidKey) e).reason()).isNotBlank());
    }

    /**
     * A key sent back as a URL is the same key (the JSON answers show keys, and people paste them), for
     * random strings built from pieces that normalisation treats specially.
     */
    @Test
    void aKeyIsItsOwnKey() {
        String[] pieces = {"http://", "https://", "//", "example.com", "EXAMPLE.com", "bücher.de", "xn--bcher-kva.de",
            "a.b.", "。", "%41", "%7e", "%2F", "%3A", "%3F", "%23", "%25", "%20", "%c3%bc", "ü", "e\u0301", "ﬁ", "İ",
            "/", "//", "/..", "/./", "..", ".", "?", "#", ":", ":80", ":443", ":8080", "@", "u:p@", "[::1]", "a", "~",
            "+", " ", "'", "(", "!", "$", ";", ",", "\\", "|", "{", "<", "\"", "𝔘", "%2e", "%2e%2e", "0x7f", "0177.", "1",
            "[0:0::1]", "[::ffff:1.2.3.4]", "[1:0:0:2::]"};
        java.util.Random random = new java.util.Random(7);
        int keys = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder url = new StringBuilder();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                url.append(pieces[random.nextInt(pieces.length)]);
            }
            String key;
            try {
                key = UrlKeys.url(url.toString()).key();
            } catch (InvalidKey e) {
                continue;
            }
            keys++;
            assertThat(UrlKeys.url(key).key()).as("the key of %s's key %s", url, key).isEqualTo(key);
        }
        assertThat(keys).as("random URLs that had a key").isGreaterThan(10_000);
    }

    @Test
    void rejectsKeysOverFiveHundredTwelveCharacters() {
        String path = "/" + "a".repeat(UrlKeys.MAX_KEY);
        assertThatThrownBy(() -> UrlKeys.url("example.com" + path)).isInstanceOf(InvalidKey.class)
                .hasMessageContaining("too long");
        assertThat(UrlKeys.url("e.com/" + "a".repeat(UrlKeys.MAX_KEY - 6)).key()).hasSize(UrlKeys.MAX_KEY);
    }

    @Test
    void pageIdsAreOpaqueTrimmedAndKeptApartFromUrls() {
        CounterKey page = UrlKeys.pageId("  example.com/a ");
        assertThat(page.key()).isEqualTo("example.com/a");
        assertThat(page.kind()).isEqualTo(CounterKey.Kind.PAGE);
        assertThat(page).isNotEqualTo(UrlKeys.url("example.com/a"));
        assertThat(UrlKeys.pageId("My Page/ÄÖ?x=1").key()).isEqualTo("My Page/ÄÖ?x=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "a\tb", "a\u0000"})
    void rejectsEmptyOrControlPageIds(String input) {
        assertThatThrownBy(() -> UrlKeys.pageId(input)).isInstanceOf(InvalidKey.class);
    }

    @Test
    void rejectsPageIdsOverTwoHundredFiftySixCharacters() {
        assertThat(UrlKeys.pageId("p".repeat(256)).key()).hasSize(256);
        assertThatThrownBy(() -> UrlKeys.pageId("p".repeat(257))).isInstanceOf(InvalidKey.class);
    }
}
