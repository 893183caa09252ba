package tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tally.TestTally;

/** Each sign-in is a session of its own; signing out ends it for good, so a copy of its cookie is refused too. */
class SignOutTest {

    private static final String TOKEN = "test-admin-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void signingOutEndsThatBrowsersSessionAndNoOther() {
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            t.app.start(0);
            int port = t.app.port();
            String laptop = signIn(port);
            String phone = signIn(port);
            assertThat(laptop).isNotEqualTo(phone);
            assertThat(sites(port, laptop)).startsWith("HTTP/1.1 200");
            assertThat(sites(port, phone)).startsWith("HTTP/1.1 200");

            String out = RawHttp.exchange(port, "POST /analytics/logout HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Cookie: tally_session=" + phone + "\r\nContent-Length: 0\r\n\r\n");
            assertThat(out).startsWith("HTTP/1.1 303");
            assertThat(RawHttp.header(out, "Set-Cookie")).startsWith("tally_session=;").contains("Max-Age=0");

            assertThat(sites(port, phone)).as("the copied cookie").startsWith("HTTP/1.1 401");
            assertThat(sites(port, laptop)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aSessionCookieOfTheOldFixedFormIsRefused() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String fixed = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal("session".getBytes(StandardCharsets.UTF_8)));
        try (TestTally t = TestTally.create(dir, c -> c.withAnalytics(TOKEN, List.of(), 400))) {
            t.app.start(0);
            assertThat(sites(t.app.port(), fixed)).startsWith("HTTP/1.1 401");
        }
    }

    private static String signIn(int port) {
        String body = "token=" + TOKEN;
        String r = RawHttp.exchange(port, "POST /analytics/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(r).startsWith("HTTP/1.1 303");
        String cookie = RawHttp.header(r, "Set-Cookie");
        assertThat(cookie).startsWith("tally_session=").contains("HttpOnly").contains("SameSite=Strict");
        return cookie.substring("tally_session=".length(), cookie.indexOf(';'));
    }

    private static String sites(int port, String session) {
        return RawHttp.exchange(port, "GET /api/sites HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: tally_session="
                + session + "\r\n\r\n");
    }
}
