package tally.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientHashesTest {

    /** The key 00 01 .. 0f of the SipHash paper's test vectors, as two little-endian words. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static byte[] bytes(int n) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    @Test
    void sipHashGivesThePapersTestVectors() {
        assertThat(ClientHashes.sipHash24(K0, K1, bytes(0))).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(ClientHashes.sipHash24(K0, K1, bytes(1))).isEqualTo(0x74f839c593dc67fdL);
        assertThat(ClientHashes.sipHash24(K0, K1, bytes(8))).isEqualTo(0x93f5f5799a932462L);
        assertThat(ClientHashes.sipHash24(K0, K1, bytes(15))).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void clientsThatDifferInAnyFieldHashApart() {
        ClientHashes hashes = new ClientHashes();
        CounterKey a = UrlKeys.url("example.com/a");
        CounterKey b = UrlKeys.url("example.com/b");
        Set<ClientHashes.Hash> seen = new HashSet<>();
        for (String address : new String[] {"203.0.113.7", "203.0.113.8", "2001:db8::1"}) {
            for (String agent : new String[] {"Firefox", "Chrome", ""}) {
                assertThat(seen.add(hashes.of(address, agent))).isTrue();
                assertThat(seen.add(hashes.of(address, agent, a))).isTrue();
                assertThat(seen.add(hashes.of(address, agent, b))).isTrue();
            }
        }
        assertThat(hashes.of("203.0.113.7", "Firefox")).isEqualTo(hashes.of("203.0.113.7", "Firefox"));
        assertThat(hashes.of("a b", "c")).isNotEqualTo(hashes.of("a", "b c"));
        assertThat(hashes.of("203.0.113.7", null)).isEqualTo(hashes.of("203.0.113.7", ""));
    }

    @Test
    void eachProcessHasItsOwnKey() {
        assertThat(new ClientHashes().of("203.0.113.7", "Firefox")).isNotEqualTo(new ClientHashes().of("203.0.113.7", "Firefox"));
    }
}
