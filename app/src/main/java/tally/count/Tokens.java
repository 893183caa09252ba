package tally.count;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and reads refresh-suppression tokens. A token is one 128-bit block: the issue time in
 * milliseconds (48 bits) and 80 random bits. The cookie carries that block enciphered with AES under the
 * server's secret, so it is indistinguishable from 128 random bits and does not tell when it was issued;
 * the database stores it deciphered, so a new browser's row is appended next to the last one instead of
 * landing at a random place in the token index (which costs the writer a page written per hit).
 */
public final class Tokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** One generator per thread: the default NativePRNG reads /dev/urandom under one global lock per call. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Tokens::generator);
    /** How long a client without a cookie keeps getting the token it was just given: one page load's badges. */
    public static final Duration FIRST_VISIT = Duration.ofSeconds(2);
    /** Clients remembered at most (about 240 bytes each, 12 MB in all, as measured); then the oldest are forgotten. */
    static final int FIRST_VISITS = 50_000;

    private final Clock clock;
    /** Ciphers are not thread-safe and costly to create: one of each direction per thread. */
    private final ThreadLocal<Cipher> encipher;
    private final ThreadLocal<Cipher> decipher;
    private final Recent<ClientHashes.Hash, Token> firstVisits;

    /** {@code secret} is the 16-byte AES key kept in the database, so tokens outlive restarts. */
    public Tokens(byte[] secret, Clock clock) {
        if (secret.length != 16) {
            throw new IllegalArgumentException("the token secret must be 16 bytes, not " + secret.length);
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "AES");
        this.clock = clock;
        this.encipher = ThreadLocal.withInitial(() -> cipher(Cipher.ENCRYPT_MODE, key));
        this.decipher = ThreadLocal.withInitial(() -> cipher(Cipher.DECRYPT_MODE, key));
        this.firstVisits = new Recent<>(FIRST_VISIT, FIRST_VISITS, clock);
    }

    /** The clock tokens are issued by; the in-memory memories of clients keep time by it too. */
    public Clock clock() {
        return clock;
    }

    /** A new browser's token. */
    public Token fresh() {
        byte[] key = new byte[16];
        RANDOM.get().nextBytes(key);
        long millis = clock.millis();
        for (int i = 5; i >= 0; i--) {
            key[i] = (byte) millis;
            millis >>>= 8;
        }
        return new Token(ENCODER.encodeToString(run(encipher.get(), key)), key);
    }

    /**
     * The token for a request without a cookie: the one this client (its keyed hash) was given within the
     * last FIRST_VISIT, else a fresh one. A page's several badges are requested at once, before any
     * answer's cookie is stored, and the browser keeps only the last cookie: one token for them all lets
     * the reload carry a token that every one of them was counted with.
     */
    public Token forNewBrowser(ClientHashes.Hash client) {
        return firstVisits.remembered(client, this::fresh);
    }

    /** The token a cookie carries if it is one this service could have issued, else null (a new browser). */
    public Token fromCookie(String cookie) {
        if (cookie == null || cookie.length() != 22) {
            return null;
        }
        for (int i = 0; i < 22; i++) {
            char c = cookie.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        // 22 characters hold 132 bits: the decoder ignores the last 4, which are zero in every token issued here.
        return new Token(cookie, run(decipher.get(), DECODER.decode(cookie)));
    }

    private static byte[] run(Cipher cipher, byte[] block) {
        try {
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES on one block failed", e);
        }
    }

    private static Cipher cipher(int mode, SecretKeySpec key) {
        try {
            // One block, enciphered on its own: a keyed permutation of 128-bit values, which is what is wanted.
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES", e);
        }
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
