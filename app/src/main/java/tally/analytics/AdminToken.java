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
 * start and kept in the database. Signing in gives a browser a session of its own, {@code id.expires.mac}
 * with mac = HMAC-SHA256(token, id.expires): any instance can check it without a look-up, and all of them end
 * when the token changes. Signing out writes the session down as ended (in the settings every instance reads)
 * until it would have expired, so a copy of the cookie stops working too.
 */
public final class AdminToken {

    /** Named settings in the database, shared by every instance. */
    public interface Keeper {
        /** Answers the stored value, storing {@code fresh} first if there was none. */
        String keep(String name, String fresh);

        /** True when a setting of this name is stored. */
        boolean has(String name);

        /** Forgets the settings whose names sort from {@code from}, inclusive, to {@code to}, exclusive. */
        void forget(String from, String to);
    }

    /** How long a session lasts. */
    public static final long SESSION_SECONDS = 30L * 24 * 3600;
    private static final String ENDED = "session_ended:";
    private static final String FROM_ENVIRONMENT = "admin_token_from_environment";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final Keeper keeper;

    public AdminToken(String token, Keeper keeper) {
        this.token = token;
        this.keeper = keeper;
    }

    /**
     * The configured token if any, else the stored one, made now if none is stored; {@code made} is told of a new one.
     * A server that takes TALLY_ADMIN_TOKEN says so in the database, so that {@code token} run without it does not
     * print a stored token this server refuses.
     */
    public static AdminToken resolve(String configured, Keeper keeper, java.util.function.Consumer<String> made) {
        if (configured != null) {
            keeper.keep(FROM_ENVIRONMENT, "");
            return new AdminToken(configured, keeper);
        }
        keeper.forget(FROM_ENVIRONMENT, FROM_ENVIRONMENT + "!");
        return stored(keeper, made);
    }

    /** True when the last server started on this database took its token from TALLY_ADMIN_TOKEN, not the database. */
    public static boolean configuredByServer(Keeper keeper) {
        return keeper.has(FROM_ENVIRONMENT);
    }

    /** The token kept in the database, made now if none is; {@code made} is told of a new one. */
    public static AdminToken stored(Keeper keeper, java.util.function.Consumer<String> made) {
        String fresh = fresh();
        String kept = keeper.keep("admin_token", fresh);
        if (kept.equals(fresh)) {
            made.accept(kept);
        }
        return new AdminToken(kept, keeper);
    }

    static String fresh() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String value() {
        return token;
    }

    /** A new session's cookie value, valid for {@link #SESSION_SECONDS} from {@code now} (epoch seconds). */
    public String newSession(long now) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(id) + "." + (now + SESSION_SECONDS);
        return body + "." + hmac(token, body);
    }

    /** True when {@code sent} is a session this token signed, not yet expired at {@code now} and not signed out. */
    public boolean isSession(String sent, long now) {
        Session s = Session.parse(sent);
        return s != null && s.expires > now && signed(s) && !keeper.has(ended(s));
    }

    /** Ends the session for good, on every instance; forgets ended sessions that have expired since. */
    public void endSession(String sent, long now) {
        Session s = Session.parse(sent);
        if (s == null || s.expires <= now || !signed(s)) {
            return;
        }
        keeper.keep(ended(s), "");
        keeper.forget(ENDED, ENDED + padded(now));
    }

    private boolean signed(Session s) {
        return MessageDigest.isEqual(hmac(token, s.body()).getBytes(StandardCharsets.US_ASCII),
                s.mac.getBytes(StandardCharsets.US_ASCII));
    }

    /** Ended sessions sort by when they would have expired, so the expired ones are forgotten as a range. */
    private static String ended(Session s) {
        return ENDED + padded(s.expires) + ":" + s.id;
    }

    private static String padded(long seconds) {
        return String.format("%015d", Math.max(0, seconds));
    }

    /** A session cookie's parts: an id of 22 URL-safe characters, when it expires (epoch seconds), and the mac. */
    private record Session(String id, long expires, String mac) {
        static Session parse(String sent) {
            if (sent == null || sent.length() > 200) {
                return null;
            }
            String[] parts = sent.split("\\.", -1);
            if (parts.length != 3 || !parts[0].matches("[A-Za-z0-9_-]{22}") || !parts[1].matches("[0-9]{1,15}")
                    || parts[2].isEmpty()) {
                return null;
            }
            return new Session(parts[0], Long.parseLong(parts[1]), parts[2]);
        }

        String body() {
            return id + "." + expires;
        }
    }

    /** True when {@code sent} is the token, compared in constant time. */
    public boolean isToken(String sent) {
        return sent != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
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
