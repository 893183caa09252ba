package tally.count;

import java.util.Arrays;

/**
 * A browser's refresh-suppression token: the value its cookie carries, and the key its rows are stored
 * under. The two are one 128-bit block enciphered and deciphered with the server's secret (see Tokens).
 */
public final class Token {

    private final String cookie;
    private final byte[] key;

    Token(String cookie, byte[] key) {
        this.cookie = cookie;
        this.key = key.clone();
    }

    /** The cookie's value: 22 base64url characters that look random to anyone without the secret. */
    public String cookie() {
        return cookie;
    }

    /** The storage key: 16 bytes, the issue time in milliseconds (6 bytes, big-endian) then 10 random bytes. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && Arrays.equals(key, t.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return cookie;
    }
}
