package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final byte[] SECRET = "sixteen byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private final Tokens tokens = new Tokens(SECRET, clock);

    @Test
    void aCookieIs22Base64UrlCharactersAndReadsBackAsTheSameToken() {
        Token issued = tokens.fresh();
        assertThat(issued.cookie()).matches("[A-Za-z0-9_-]{22}");
        Token read = tokens.fromCookie(issued.cookie());
        assertThat(read).isEqualTo(issued);
        assertThat(read.key()).isEqualTo(issued.key());
    }

    @Test
    void theStorageKeyStartsWithTheIssueTimeSoLaterTokensSortAfter() {
        Token first = tokens.fresh();
        Clock later = Clock.offset(clock, Duration.ofSeconds(1));
        Token second = new Tokens(SECRET, later).fresh();
        long millis = later.millis();
        byte[] key = second.key();
        long prefix = 0;
        for (int i = 0; i < 6; i++) {
            prefix = prefix << 8 | (key[i] & 0xff);
        }
        assertThat(prefix).isEqualTo(millis);
        assertThat(Arrays.compareUnsigned(first.key(), second.key())).isNegative();
    }

    @Test
    void cookiesIssuedInTheSameMillisecondShareNothingVisible() {
        List<Token> same = IntStream.range(0, 200).mapToObj(i -> tokens.fresh()).toList();
        Set<String> prefixes = new HashSet<>();
        Set<String> keyPrefixes = new HashSet<>();
        for (Token t : same) {
            prefixes.add(t.cookie().substring(0, 4));
            keyPrefixes.add(Arrays.toString(Arrays.copyOf(t.key(), 6)));
        }
        assertThat(keyPrefixes).hasSize(1);
        assertThat(prefixes).hasSizeGreaterThan(190);
        assertThat(same.stream().map(Token::cookie).distinct()).hasSize(200);
    }

    @Test
    void anotherSecretReadsTheSameCookieAsAnotherToken() {
        Token issued = tokens.fresh();
        Tokens other = new Tokens("another 16 bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII), clock);
        assertThat(other.fromCookie(issued.cookie())).isNotEqualTo(issued);
        assertThat(new Tokens(SECRET.clone(), clock).fromCookie(issued.cookie())).isEqualTo(issued);
    }

    @Test
    void anythingButTwentyTwoBase64UrlCharactersIsNoToken() {
        for (String junk : new String[] {null, "", "short", "x".repeat(23), "!!!!!!!!!!!!!!!!!!!!!!", "aaaaaaaaaaaaaaaaaaaaa=",
            "aaaaaaaaaaa aaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaa+", "aaaaaaaaaaaaaaaaaaaaa/", "ééééééééééééééééééééé"}) {
            assertThat(tokens.fromCookie(junk)).as(String.valueOf(junk)).isNull();
        }
        // Any 22 such characters are a token, even ones never issued (their last 4 bits need not be zero).
        assertThat(tokens.fromCookie("token-one-aaaaaaaaaaaa")).isNotNull();
    }
}
