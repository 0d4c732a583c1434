package dev.flywall.runtime.notify;

import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the daemon's events to the configured notification targets (webhook, email) without
 * ever making the engine wait: {@link #submit} filters by each target's {@code events} and puts
 * the event on that target's bounded queue (1000 events; beyond that new events are dropped and
 * counted), and a worker per target delivers, so a slow SMTP server does not delay the webhook.
 *
 * <p><b>Retries.</b> Network errors, timeouts and answers meaning "busy" (HTTP 5xx and 429, SMTP
 * 4xx) are retried after 1 s, 2 s, 4 s (±20 % jitter), or after the server's {@code Retry-After},
 * capped at 60 s: 4 attempts for the webhook, 3 for email. Refusals (other HTTP 4xx, SMTP 5xx,
 * failed authentication, a secret that cannot be resolved) are not retried. Either way the
 * failure is logged once per event, with the reason, never a secret.
 *
 * <p><b>Cooldown.</b> A flapping uplink must not send a hundred mails, yet the last message must
 * tell the truth. For the events the engine raises by itself ({@code wan_down}, {@code wan_up},
 * {@code failover}, {@code failback}), each target keeps a 60 s cooldown per (kind, group, from,
 * to): the first event is sent at once; repeats within 60 s of it (by the events' own times) are
 * held back and counted as {@link Stats#suppressed}. When the cooldown ends, the latest held-back
 * event is sent, saying how many it stands for ({@code suppressed} in the JSON, a note in the
 * text), and starts a new cooldown. A held-back event is forgotten when a newer event about the
 * same group and uplinks is sent first, as it would then be stale (a link that went down, up and
 * down again ends with the "down" message). Different kinds never hold each other back: a
 * failover and the failback after it are both sent at once. Operator actions ({@code pin},
 * {@code unpin}, {@code apply}, {@code rollback}) are never held back.
 *
 * <p><b>Muted.</b> An event whose details carry {@code "muted"} (the engine marks the
 * {@code wan_down}/{@code wan_up} of an uplink in a maintenance window so) is recorded in the
 * history by the daemon but not sent to any target; {@link #muted()} counts them.
 *
 * <p>{@link #close} stops the workers; events still queued or held back are abandoned (and
 * logged), so call {@link #drain} first on a clean shutdown.
 */
public final class Notifier implements AutoCloseable {

    /**
     * Events about the gateway itself rather than an uplink — its table deleted and restored, or
     * not restorable; its history not writable — sent to every target whatever its {@code events}
     * list says: they report that the gateway is not doing what it claims, which no operator
     * opted out of.
     */
    public static final java.util.Set<String> ALARMS =
            java.util.Set.of("ruleset_restored", "ruleset_broken", "history_broken", "history_restored");

    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Delivery outcomes since start, summed over the targets (a webhook and an email count twice). */
    public record Stats(long delivered, long failed, long suppressed, long dropped) {}

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final List<Target> targets;
    private final java.util.concurrent.atomic.AtomicLong muted = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    public Notifier(WatchdogConfig.Notifications config, Secrets secrets, String hostname, Clock clock) {
        this(config, secrets, hostname, clock, Tuning.defaults());
    }

    Notifier(WatchdogConfig.Notifications config, Secrets secrets, String hostname, Clock clock, Tuning tuning) {
        List<Target> t = new ArrayList<>();
        config.webhook()
                .filter(WatchdogConfig.Webhook::enabled)
                .ifPresent(w ->
                        t.add(new Target(new WebhookChannel(w, secrets, hostname, clock), w.events(), clock, tuning)));
        config.email()
                .filter(WatchdogConfig.Email::enabled)
                .ifPresent(e -> t.add(new Target(
                        new EmailChannel(e, secrets, hostname, tuning.smtpTls()), e.events(), clock, tuning)));
        this.targets = List.copyOf(t);
    }

    /**
     * Queues the event for every enabled target whose {@code events} list contains its kind;
     * never blocks the caller (the engine thread), never throws. Ignored after {@link #close}.
     */
    public void submit(History.Event event) {
        if (closed || event == null) {
            return;
        }
        if (muted(event)) {
            muted.incrementAndGet();
            return;
        }
        for (Target t : targets) {
            try {
                t.offer(event);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "notification of " + event.kind() + " not queued", e);
            }
        }
    }

    /** Whether the event's details say it is muted (an uplink in a maintenance window). */
    static boolean muted(History.Event event) {
        String details = event.details();
        if (details == null || !details.contains("muted")) {
            return false;
        }
        try {
            return JSON.readTree(details).hasNonNull("muted");
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return false;
        }
    }

    /** Events recorded but not sent because they were muted, since start. */
    public long muted() {
        return muted.get();
    }

    /** Delivery outcomes so far, for metrics and tests. */
    public Stats stats() {
        long delivered = 0;
        long failed = 0;
        long suppressed = 0;
        long dropped = 0;
        for (Target t : targets) {
            Stats s = t.stats();
            delivered += s.delivered();
            failed += s.failed();
            suppressed += s.suppressed();
            dropped += s.dropped();
        }
        return new Stats(delivered, failed, suppressed, dropped);
    }

    /**
     * Waits up to {@code timeout} for queued deliveries (with their retries) to finish; true when
     * they have. Events held back by a cooldown are not waited for: their time is yet to come.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!targets.stream().allMatch(Target::idle)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops the delivery workers and waits (up to 5 s each) for them to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = false;
        for (Target t : targets) {
            try {
                t.close(CLOSE_WAIT);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
