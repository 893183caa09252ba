package tally.count;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of a client (its address and User-Agent), for memories that live in this process only:
 * HMAC-SHA-256 under a random secret made at start and never written anywhere, so a hash cannot be
 * recomputed from a guessed address once the process is gone, nor linked across restarts.
 */
public final class ClientHashes {

    /** 128 bits of a client's keyed hash: a key for in-memory maps, never stored. */
    public record Hash(long high, long low) {
    }

    private final ThreadLocal<Mac> mac;

    public ClientHashes() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no HMAC-SHA-256", e);
            }
        });
    }

    /** The client: its address and User-Agent (null counts as empty). */
    public Hash of(String address, String userAgent) {
        return hash(address, userAgent);
    }

    /** The client together with one counter: a key that tells one client's reloads of one counter apart. */
    public Hash of(String address, String userAgent, CounterKey counter) {
        return hash(address, userAgent, counter.kind().column(), counter.key());
    }

    private Hash hash(String... fields) {
        Mac m = mac.get();
        for (String field : fields) {
            byte[] bytes = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
            // each field preceded by its length, so ("a b", "c") and ("a", "b c") never hash alike
            m.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            m.update(bytes);
        }
        ByteBuffer digest = ByteBuffer.wrap(m.doFinal());
        return new Hash(digest.getLong(), digest.getLong());
    }
}
