package tally.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.IDN;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where IDNA 2003 ({@code java.net.IDN}, what keys were made with before) and UTS #46 non-transitional
 * processing (what browsers send, and Tally now follows) disagree. Each row: the host, IDNA 2003's
 * answer ("error" when it throws), and Tally's key or "refused: " and a part of the 400's message.
 */
class Uts46HostsTest {

    @ParameterizedTest(name = "{0}: IDNA 2003 {1}, Tally {2}")
    @CsvSource(delimiter = '|', textBlock = """
            straße.de              | strasse.de           | xn--strae-oqa.de
            ẞ.de                   | xn--kkg.de           | xn--zca.de
            βόλος.com              | xn--nxasmq6b.com     | xn--nxasmm1c.com
            ශ්\u200dරී.lk             | xn--10cl1a0b.lk      | xn--10cl1a0b660p.lk
            نامه\u200cای.ir            | xn--mgba3gch31f.ir   | xn--mgba3gch31f060k.ir
            ab\u200dc.com             | abc.com              | refused: zero-width joiner
            ab\u200cc.com             | abc.com              | refused: zero-width joiner
            ⒈.com                  | 1..com               | refused: character that host names cannot have
            a⒈com                  | a1.com               | refused: character that host names cannot have
            \u05d00.com               | error                | xn--0-zhc.com
            0a.\u05d0                 | 0a.xn--4db           | refused: right-to-left
            a\u05d0.com               | error                | refused: right-to-left
            xn--zz.com             | xn--zz.com           | refused: not valid punycode
            xn---.com              | xn---.com            | refused: not valid punycode
            xn--a.com              | xn--a.com            | refused: does not decode to a valid name
            xn--.com               | xn--.com             | refused: does not decode to a valid name
            \u0301a.com               | xn--a-wbb.com        | refused: starts with a combining mark
            """)
    void followsUts46WhereIdna2003Differs(String host, String idna2003, String tally) {
        assertThat(idna2003(host)).as("IDNA 2003").isEqualTo(idna2003);
        if (tally.startsWith("refused: ")) {
            assertThatThrownBy(() -> UrlKeys.url("https://" + host + "/a")).isInstanceOf(InvalidKey.class)
                    .hasMessageContaining("invalid host name").hasMessageContaining(tally.substring(9));
        } else {
            assertThat(UrlKeys.url("https://" + host + "/a").key()).isEqualTo(tally + "/a");
            assertThat(UrlKeys.url(tally + "/a").key()).as("the punycode a browser sends").isEqualTo(tally + "/a");
        }
    }

    /** Where both agree, and where Tally keeps what browsers accept (hyphens, underscores, full-width). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            STRASSE.de             | strasse.de
            XN--BCHER-KVA.de       | xn--bcher-kva.de
            💩.la                  | xn--ls8h.la
            a--b.com               | a--b.com
            -a.com                 | -a.com
            under_score.example    | under_score.example
            ａｂｃ.com               | abc.com
            """)
    void keepsWhatBothAccept(String host, String key) {
        assertThat(UrlKeys.url(host).key()).isEqualTo(key);
    }

    private static String idna2003(String host) {
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "error";
        }
    }

    @org.junit.jupiter.api.Test
    void aUrlWithoutAHostSaysSo() {
        for (String url : new String[] {"http://", "https://:80/", "http:///page"}) {
            assertThatThrownBy(() -> UrlKeys.url(url)).as(url).isInstanceOf(InvalidKey.class).hasMessageContaining("url has no host");
        }
    }
}
