package tally.count;

import java.security.SecureRandom;
import java.util.Base64;

/** Refresh-suppression tokens: 128 random bits, base64url without padding (22 characters). */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    public static String fresh() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** The cookie's value if it is a token this service could have issued, else null (a new browser). */
    public static String valid(String cookie) {
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
        return cookie;
    }
}
