package tally.count;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Keyed hashes of a client (its address and User-Agent), for memories that live in this process only:
 * SipHash-2-4 under a random key made at start and never written anywhere, so a hash cannot be
 * recomputed from a guessed address once the process is gone, nor linked across restarts. SipHash is a
 * keyed pseudo-random function made for hash tables: without the key, nobody can make two clients collide.
 */
public final class ClientHashes {

    /** A client's keyed hash: a key for in-memory maps, never stored. */
    public record Hash(long value) {
    }

    private final long k0;
    private final long k1;

    public ClientHashes() {
        SecureRandom random = new SecureRandom();
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
    }

    /** The client: its address and User-Agent (null counts as empty). */
    public Hash of(String address, String userAgent) {
        return new Hash(sipHash24(k0, k1, fields(address, userAgent)));
    }

    /** The client together with one counter: a key that tells one client's reloads of one counter apart. */
    public Hash of(String address, String userAgent, CounterKey counter) {
        return new Hash(sipHash24(k0, k1, fields(address, userAgent, counter.kind().column(), counter.key())));
    }

    /** Each field's UTF-8 bytes preceded by their length, so ("a b", "c") and ("a", "b c") never hash alike. */
    private static byte[] fields(String... fields) {
        byte[][] encoded = new byte[fields.length][];
        int size = 0;
        for (int i = 0; i < fields.length; i++) {
            encoded[i] = (fields[i] == null ? "" : fields[i]).getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] field : encoded) {
            int n = field.length;
            out[at++] = (byte) (n >>> 24);
            out[at++] = (byte) (n >>> 16);
            out[at++] = (byte) (n >>> 8);
            out[at++] = (byte) n;
            System.arraycopy(field, 0, out, at, n);
            at += n;
        }
        return out;
    }

    /** SipHash-2-4 (Aumasson and Bernstein, 2012) of the message under the key (k0, k1), both little-endian. */
    static long sipHash24(long k0, long k1, byte[] m) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int whole = m.length & ~7;
        for (int i = 0; i < whole; i += 8) {
            long word = littleEndian(m, i, 8);
            v3 ^= word;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= word;
        }
        long last = ((long) m.length << 56) | littleEndian(m, whole, m.length - whole);
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long littleEndian(byte[] m, int from, int count) {
        long word = 0;
        for (int i = count - 1; i >= 0; i--) {
            word = word << 8 | (m[from + i] & 0xffL);
        }
        return word;
    }
}
