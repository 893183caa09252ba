package tally.analytics;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin token that opens the dashboard and the API: TALLY_ADMIN_TOKEN, else one made at the first
 * start and kept in the database. A signed-in browser holds HMAC-SHA256(token, "session") in a cookie,
 * so sessions need no server state, work across instances, and end when the token changes.
 */
public final class AdminToken {

    /** Keeps a setting: answers the stored value, storing {@code fresh} first if there was none. */
    @FunctionalInterface
    public interface Keeper {
        String keep(String name, String fresh);
    }

    private final String token;
    private final byte[] session;

    public AdminToken(String token) {
        this.token = token;
        this.session = hmac(token, "session").getBytes(StandardCharsets.US_ASCII);
    }

    /** The configured token if any, else the stored one, made now if none is stored; {@code made} is told of a new one. */
    public static AdminToken resolve(String configured, Keeper keeper, java.util.function.Consumer<String> made) {
        if (configured != null) {
            return new AdminToken(configured);
        }
        String fresh = fresh();
        String kept = keeper.keep("admin_token", fresh);
        if (kept.equals(fresh)) {
            made.accept(kept);
        }
        return new AdminToken(kept);
    }

    static String fresh() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String value() {
        return token;
    }

    /** The session cookie's value. */
    public String session() {
        return new String(session, StandardCharsets.US_ASCII);
    }

    /** True when {@code sent} is the token, compared in constant time. */
    public boolean isToken(String sent) {
        return sent != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code sent} is the session cookie's value, compared in constant time. */
    public boolean isSession(String sent) {
        return sent != null && MessageDigest.isEqual(session, sent.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
