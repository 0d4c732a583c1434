package dev.flywall.runtime.notify;

import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notifications as a JSON POST ({@link EventText#json()}) with the configured headers. Header
 * values are secrets and are resolved for every delivery, so a rotated token file is picked up
 * without a restart; an unresolvable one fails the delivery with the reference's name, never a
 * value. Network errors, timeouts, 5xx and 429 are worth retrying (429 and 503 may say when in
 * {@code Retry-After}); any other status is the receiver refusing the request, and sending the
 * same request again would not change its mind.
 */
final class WebhookChannel implements Channel {

    private static final int ATTEMPTS = 4;
    private static final int SNIPPET = 200;

    private final WatchdogConfig.Webhook config;
    private final Map<String, WatchdogConfig.SecretRef> headers;
    private final Duration timeout;
    private final Secrets secrets;
    private final String host;
    private final Clock clock;
    private final HttpClient client;

    WebhookChannel(WatchdogConfig.Webhook config, Secrets secrets, String host, Clock clock) {
        this.config = config;
        this.headers = config.headers();
        this.timeout = config.timeout();
        this.secrets = secrets;
        this.host = host;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public int maxAttempts() {
        return ATTEMPTS;
    }

    @Override
    public Attempt send(History.Event event, int held) throws InterruptedException {
        URI url;
        try {
            url = URI.create(
                    config.urlSecret().isPresent()
                            ? secrets.resolve(config.urlSecret().get())
                            : config.url());
        } catch (IOException | IllegalArgumentException e) {
            // never the URL itself: it is a secret
            return new Attempt.Failed("the webhook URL cannot be used: "
                    + (e instanceof IOException ? e.getMessage() : "it is not a valid URI"));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "flywall")
                .POST(HttpRequest.BodyPublishers.ofString(
                        new EventText(event, host, held).json(), StandardCharsets.UTF_8));
        for (var h : headers.entrySet()) {
            String value;
            try {
                value = secrets.resolve(h.getValue());
            } catch (IOException e) {
                return new Attempt.Failed("header " + h.getKey() + ": " + e.getMessage());
            }
            try {
                request.setHeader(h.getKey(), value);
            } catch (IllegalArgumentException e) {
                return new Attempt.Failed("header " + h.getKey()
                        + " cannot be sent (a header Java's HTTP client sets itself, or a value with line breaks)");
            }
        }
        // The request timeout ends the wait for the response headers; the bound on the whole
        // exchange keeps a server that sends headers and then stalls the body from holding the worker.
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(
                request.build(),
                info -> info.statusCode() / 100 == 2
                        ? HttpResponse.BodySubscribers.replacing("")
                        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Attempt.Retry("no complete response within " + timeout.toMillis() + " ms", Optional.empty());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new Attempt.Retry("no response within " + timeout.toMillis() + " ms", Optional.empty());
            }
            return new Attempt.Retry(
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    Optional.empty());
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Attempt.Delivered();
        }
        String reason = "HTTP " + status + snippet(response.body());
        if (status == 429 || status / 100 == 5) {
            return new Attempt.Retry(reason, retryAfter(response));
        }
        return new Attempt.Failed(reason);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get();
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() < 10) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Duration d =
                    Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return ": " + (s.length() > SNIPPET ? s.substring(0, SNIPPET) + "…" : s);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
