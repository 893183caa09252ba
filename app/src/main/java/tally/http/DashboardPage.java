package tally.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The analytics dashboard's page at /analytics; it reads the API with the visitor's session and shows a sign-in form without one. */
final class DashboardPage {

    /** Kept out of /public, which the static files serve as they are, without this page's protections. */
    private static final byte[] PAGE = load("/pages/analytics.html");

    private DashboardPage() {
    }

    static void serve(Context ctx) {
        AdminAuth.noStore(ctx);
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.contentType("text/html; charset=utf-8").result(PAGE);
    }

    private static byte[] load(String resource) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
