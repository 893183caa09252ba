package tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

    private static final long NOW = 1_764_547_200L;

    /** The settings table, in memory, sorted by name as the databases compare them. */
    private static final class Settings implements AdminToken.Keeper {
        final TreeMap<String, String> kept = new TreeMap<>();

        @Override
        public String keep(String name, String fresh) {
            return kept.computeIfAbsent(name, n -> fresh);
        }

        @Override
        public boolean has(String name) {
            return kept.containsKey(name);
        }

        @Override
        public void forget(String from, String to) {
            kept.subMap(from, to).clear();
        }
    }

    @Test
    void eachSignInIsASessionOfItsOwnUntilItExpires() {
        AdminToken token = new AdminToken("secret-token", new Settings());
        String first = token.newSession(NOW);
        String second = token.newSession(NOW);

        assertThat(first).isNotEqualTo(second);
        assertThat(token.isSession(first, NOW + 1)).isTrue();
        assertThat(token.isSession(second, NOW + AdminToken.SESSION_SECONDS - 1)).isTrue();
        assertThat(token.isSession(second, NOW + AdminToken.SESSION_SECONDS)).isFalse();
    }

    @Test
    void signingOutEndsThatSessionOnly() {
        Settings settings = new Settings();
        AdminToken token = new AdminToken("secret-token", settings);
        String phone = token.newSession(NOW);
        String laptop = token.newSession(NOW);

        token.endSession(phone, NOW + 60);

        assertThat(token.isSession(phone, NOW + 61)).isFalse();
        assertThat(token.isSession(laptop, NOW + 61)).isTrue();
        assertThat(new AdminToken("secret-token", settings).isSession(phone, NOW + 61)).as("another instance").isFalse();
    }

    @Test
    void onlySessionsThisTokenSignedAreAccepted() {
        Settings settings = new Settings();
        AdminToken token = new AdminToken("secret-token", settings);
        String session = token.newSession(NOW);
        String[] parts = session.split("\\.");

        assertThat(new AdminToken("another-token", settings).isSession(session, NOW)).isFalse();
        assertThat(token.isSession(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2], NOW)).as("extended").isFalse();
        assertThat(token.isSession(parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A", NOW)).isFalse();
        for (String junk : new String[] {null, "", "..", "a.b.c", session + ".x", "x".repeat(300)}) {
            assertThat(token.isSession(junk, NOW)).as(junk).isFalse();
        }
        token.endSession("not a session", NOW);
        assertThat(settings.kept).isEmpty();
    }

    @Test
    void endedSessionsAreForgottenOnceTheyWouldHaveExpired() {
        Settings settings = new Settings();
        settings.keep("admin_token", "kept");
        settings.keep("token_secret", "kept");
        AdminToken token = new AdminToken("secret-token", settings);
        String old = token.newSession(NOW);
        token.endSession(old, NOW + 10);
        assertThat(settings.kept).hasSize(3);

        long later = NOW + AdminToken.SESSION_SECONDS + 1;
        token.endSession(token.newSession(later), later);

        assertThat(settings.kept.keySet()).hasSize(3).contains("admin_token", "token_secret")
                .noneMatch(name -> name.contains(String.valueOf(NOW + AdminToken.SESSION_SECONDS)));
    }
}
