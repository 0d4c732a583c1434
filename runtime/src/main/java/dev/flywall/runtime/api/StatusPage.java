package dev.flywall.runtime.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status page the daemon serves at {@code /}: one HTML document, its script and its style,
 * classpath resources under {@code dev/flywall/runtime/api/page/}, read once. The page reads the
 * same JSON endpoints as {@code flywall wan} and scripts, and sends pin, unpin, failback, drain and
 * undrain with the token the operator types in (the API's own rules decide). Nothing is fetched
 * from elsewhere: the Content-Security-Policy allows this origin only, no inline script or style,
 * no framing, no forms.
 */
final class StatusPage {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static final Answer INDEX = load("index.html", "text/html; charset=utf-8");
    static final Answer SCRIPT = load("page.js", "text/javascript; charset=utf-8");
    static final Answer STYLE = load("page.css", "text/css; charset=utf-8");

    private StatusPage() {}

    private static Answer load(String name, String contentType) {
        try (InputStream in = StatusPage.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the status page's " + name + " is missing from the jar");
            }
            // no-cache: the browser asks again on every load, so a new daemon's page is never mixed
            // with an old script; the files are a few kilobytes, and the API is on the same host
            return new Answer(
                    200,
                    contentType,
                    Map.of(
                            "Cache-Control", "no-cache",
                            "Content-Security-Policy", CSP,
                            "X-Content-Type-Options", "nosniff",
                            "Referrer-Policy", "no-referrer",
                            "X-Frame-Options", "DENY"),
                    in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
