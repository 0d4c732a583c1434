package dev.flywall.runtime.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.notify.Channel.Attempt;
import dev.flywall.runtime.notify.HookServer.Reply;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery against a real HTTP server on 127.0.0.1: the document and headers, the
 * events filter, retries (5xx, 429 with Retry-After, none for other 4xx), a server that never
 * answers, the cooldown, and that neither a hung server nor a full queue ever makes submit wait.
 */
class NotifierWebhookTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL =
            List.of("wan_down", "wan_up", "failover", "failback", "pin", "unpin", "apply", "rollback");
    private static final Secrets SECRETS =
            new Secrets(Map.of("hook_token", "Bearer s3cret"), name -> name.equals("HOOK_TEAM") ? "netops" : null);

    private HookServer hook;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Notifier> notifiers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hook = new HookServer();
    }

    @AfterEach
    void stop() {
        notifiers.forEach(Notifier::close);
        hook.close();
    }

    @Test
    void postsTheDocumentedJsonWithResolvedHeaders() throws Exception {
        Notifier n = notifier(
                webhook(
                        ALL,
                        Map.of("Authorization", bundled("hook_token"), "X-Team", env("HOOK_TEAM")),
                        Duration.ofSeconds(2)),
                Clock.systemUTC(),
                fast());
        n.submit(new History.Event(
                T0,
                "failover",
                "default",
                "eth0",
                "eth1",
                "eth0 down: 3 failed rounds",
                "{\"loss\":1.0,\"rounds\":3}"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests()).hasSize(1);
        HookServer.Request r = hook.requests().get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(r.header("X-Team")).isEqualTo("netops");
        JsonNode doc = JSON.readTree(r.body());
        List<String> keys = new ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "event", "at", "group", "from", "to", "reason", "host", "details", "suppressed", "text");
        assertThat(doc.get("event").asText()).isEqualTo("failover");
        assertThat(doc.get("at").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(doc.get("group").asText()).isEqualTo("default");
        assertThat(doc.get("from").asText()).isEqualTo("eth0");
        assertThat(doc.get("to").asText()).isEqualTo("eth1");
        assertThat(doc.get("reason").asText()).isEqualTo("eth0 down: 3 failed rounds");
        assertThat(doc.get("host").asText()).isEqualTo("gw1");
        assertThat(doc.get("details").get("loss").asDouble()).isEqualTo(1.0);
        assertThat(doc.get("details").get("rounds").asInt()).isEqualTo(3);
        assertThat(doc.get("suppressed").asInt()).isZero();
        assertThat(doc.get("text").asText())
                .isEqualTo("flywall on gw1: failover in group default from eth0 to eth1 (eth0 down: 3 failed rounds)");
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 0));
    }

    @Test
    void anEventWithoutGroupOrUplinksHasNullsAndAnEmptyDetailsObject() throws Exception {
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(new History.Event(T0, "apply", null, null, null, "config 3f2a applied by root", null));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        JsonNode doc = JSON.readTree(hook.requests().get(0).body());
        assertThat(doc.get("group").isNull()).isTrue();
        assertThat(doc.get("from").isNull()).isTrue();
        assertThat(doc.get("details").isObject()).isTrue();
        assertThat(doc.get("details").isEmpty()).isTrue();
        assertThat(doc.get("text").asText()).isEqualTo("flywall on gw1: apply (config 3f2a applied by root)");
    }

    @Test
    void onlyTheConfiguredEventsAreSent() throws Exception {
        Notifier n = notifier(webhook(List.of("failover"), Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(event("wan_up", T0, "eth0", null));
        n.submit(new History.Event(T0, "apply", null, null, null, "applied", "{}"));
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests())
                .extracting(r -> JSON.readTree(r.body()).get("event").asText())
                .containsExactly("failover");
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 0));
    }

    @Test
    void mutedEventsAreNotSentWhileTheOthersAre() throws Exception {
        Notifier n = notifier(
                webhook(
                        List.of("wan_down", "wan_up", "drain", "maintenance_start", "maintenance_end"),
                        Map.of(),
                        Duration.ofSeconds(2)),
                Clock.systemUTC(),
                fast());
        n.submit(new History.Event(
                T0,
                "maintenance_start",
                null,
                "eth0",
                null,
                "maintenance window isp1-weekly",
                "{\"window\":\"isp1-weekly\",\"until\":\"2026-11-22T12:00:00Z\"}"));
        n.submit(new History.Event(
                T0.plusSeconds(5),
                "wan_down",
                null,
                "eth0",
                null,
                "3 failed rounds",
                "{\"loss_percent\":100.0,\"muted\":\"maintenance isp1-weekly\"}"));
        n.submit(new History.Event(
                T0.plusSeconds(6),
                "wan_up",
                null,
                "eth1",
                null,
                "2 good rounds",
                "{\"loss_percent\":0.0,\"note\":\"not muted\"}"));
        n.submit(new History.Event(T0.plusSeconds(7), "drain", null, "eth1", null, "drained by the operator", null));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests())
                .extracting(r -> JSON.readTree(r.body()).get("event").asText())
                .containsExactly("maintenance_start", "wan_up", "drain");
        assertThat(n.muted()).isEqualTo(1);
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(3, 0, 0, 0));
    }

    @Test
    void gatewayAlarmsAreSentWhateverTheEventsListSays() throws Exception {
        Notifier n = notifier(webhook(List.of("failover"), Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(new History.Event(T0, "ruleset_broken", null, null, null, "table inet flywall was deleted", "{}"));
        n.submit(new History.Event(T0, "history_broken", null, null, null, "history.db is not a file", "{}"));
        n.submit(event("wan_up", T0, "eth0", null));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests())
                .extracting(r -> JSON.readTree(r.body()).get("event").asText())
                .containsExactlyInAnyOrder("ruleset_broken", "history_broken");
    }

    @Test
    void aServerErrorIsRetriedWithBackoff() throws Exception {
        hook.then(Reply.status(500));
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        List<HookServer.Request> got = hook.requests();
        assertThat(got).hasSize(2);
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        assertThat(Duration.ofNanos(got.get(1).nanos() - got.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(15));
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 0));
    }

    @Test
    void giveUpAfterFourAttempts() throws Exception {
        hook.always(Reply.status(503));
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests()).hasSize(4);
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        hook.then(Reply.status(429, "Retry-After", "1"));
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        List<HookServer.Request> got = hook.requests();
        assertThat(got).hasSize(2);
        // the backoff alone would retry after ~20 ms
        assertThat(Duration.ofNanos(got.get(1).nanos() - got.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(n.stats().delivered()).isEqualTo(1);
    }

    @Test
    void retryAfterIsCapped() throws Exception {
        hook.then(Reply.status(503, "Retry-After", "3600"));
        Notifier n = notifier(
                webhook(ALL, Map.of(), Duration.ofSeconds(2)),
                Clock.systemUTC(),
                fast().withBackoff(Duration.ofMillis(20), Duration.ofMillis(300)));
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        List<HookServer.Request> got = hook.requests();
        assertThat(got).hasSize(2);
        assertThat(Duration.ofNanos(got.get(1).nanos() - got.get(0).nanos()))
                .isBetween(Duration.ofMillis(280), Duration.ofSeconds(3));
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        hook.then(Reply.status(400));
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), Clock.systemUTC(), fast());
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests()).hasSize(1);
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
    }

    @Test
    void anUnresolvableSecretHeaderFailsTheDeliveryWithoutSending() throws Exception {
        Notifier n = notifier(
                webhook(ALL, Map.of("Authorization", env("NOT_SET")), Duration.ofSeconds(2)),
                Clock.systemUTC(),
                fast());
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(hook.requests()).isEmpty();
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheTimeoutsAndSubmitDoesNotWait() throws Exception {
        hook.always(Reply.hang());
        Duration timeout = Duration.ofMillis(200);
        Notifier n = notifier(webhook(ALL, Map.of(), timeout), Clock.systemUTC(), fast());

        long t0 = System.nanoTime();
        n.submit(event("failover", T0, "eth0", "eth1"));
        long submit = System.nanoTime() - t0;
        assertThat(Duration.ofNanos(submit)).isLessThan(Duration.ofMillis(50));

        assertThat(n.drain(Duration.ofSeconds(10))).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(hook.requests()).hasSize(4);
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
        // 4 attempts of 200 ms, backoff 20 + 40 + 80 ms (+20 %), and scheduling slack
        assertThat(took).isLessThan(timeout.multipliedBy(4).plusMillis(170).plusMillis(700));
        System.out.printf("hung webhook: submit %.3f ms, failed after %d ms%n", submit / 1e6, took.toMillis());
    }

    @Test
    void submitStaysFastWhenTheServerHangsAndTheQueueIsFullAndCloseStopsTheWorker() throws Exception {
        hook.always(Reply.hang());
        Notifier n = notifier(
                webhook(ALL, Map.of(), Duration.ofSeconds(30)), Clock.systemUTC(), fast().withQueueCapacity(10));
        int count = 10_000;
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            History.Event e = new History.Event(T0.plusMillis(i), "apply", null, null, null, "apply " + i, null);
            long t = System.nanoTime();
            n.submit(e);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "submit with a hung webhook and a full queue, %d events: median %.1f µs, p99 %.1f µs,"
                        + " max %.3f ms%n",
                count, nanos[count / 2] / 1e3, nanos[count * 99 / 100] / 1e3, nanos[count - 1] / 1e6);
        // the maximum is at the mercy of GC and a busy machine; nearly all submits take microseconds
        assertThat(Duration.ofNanos(nanos[count * 99 / 100])).isLessThan(Duration.ofMillis(1));
        // at most one in flight and ten queued; the rest dropped, counted
        assertThat(n.stats().dropped()).isBetween((long) count - 11, (long) count - 10);
        assertThat(n.drain(Duration.ofMillis(100))).isFalse();

        long c = System.nanoTime();
        n.close();
        assertThat(Duration.ofNanos(System.nanoTime() - c)).isLessThan(Duration.ofSeconds(2));
        assertThat(threads).hasSize(1);
        assertThat(threads).noneMatch(Thread::isAlive);
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.stats().dropped()).isBetween((long) count - 11, (long) count - 10);
    }

    @Test
    void theCooldownHoldsBackRepeatsButNotOtherKindsAndSendsTheLatestWhenItEnds() throws Exception {
        TestClock clock = new TestClock(T0);
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), clock, fast());
        n.submit(event("wan_down", T0, "eth0", null));
        n.submit(event("wan_down", T0.plusSeconds(10), "eth0", null));
        n.submit(event("failover", T0.plusSeconds(11), "eth0", "eth1"));
        n.submit(event("failback", T0.plusSeconds(40), "eth1", "eth0"));
        n.submit(event("wan_down", T0.plusSeconds(41), "eth2", null));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(sent()).containsExactly("wan_down eth0 0", "failover eth0 0", "failback eth1 0", "wan_down eth2 0");
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(4, 0, 1, 0));

        clock.advance(Duration.ofSeconds(59));
        Thread.sleep(100);
        assertThat(hook.requests()).hasSize(4);
        clock.advance(Duration.ofSeconds(2));
        awaitRequests(5);
        JsonNode late = JSON.readTree(hook.requests().get(4).body());
        assertThat(late.get("event").asText()).isEqualTo("wan_down");
        assertThat(late.get("at").asText()).isEqualTo("2026-11-22T10:00:10Z");
        assertThat(late.get("suppressed").asInt()).isEqualTo(1);
        assertThat(late.get("text").asText()).endsWith("[1 similar event held back by the cooldown]");
        awaitDelivered(n, 5);
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(5, 0, 1, 0));
    }

    @Test
    void aFlappingLinkSendsFewMessagesAndTheLastOneTellsTheCurrentState() throws Exception {
        TestClock clock = new TestClock(T0);
        Notifier n = notifier(webhook(ALL, Map.of(), Duration.ofSeconds(2)), clock, fast());
        for (int i = 0; i < 50; i++) {
            n.submit(event(i % 2 == 0 ? "wan_down" : "wan_up", T0.plusSeconds(i), "eth0", null));
        }
        n.submit(event("wan_down", T0.plusSeconds(50), "eth0", null));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(sent()).containsExactly("wan_down eth0 0", "wan_up eth0 0");

        clock.advance(Duration.ofMillis(60_500)); // the wan_down cooldown has ended; wan_up's runs until 61 s
        awaitRequests(3);
        clock.advance(Duration.ofSeconds(10));
        Thread.sleep(200);
        // the held-back wan_up (at 49 s) is older than the wan_down (at 50 s) just sent: dropped
        assertThat(sent()).containsExactly("wan_down eth0 0", "wan_up eth0 0", "wan_down eth0 25");
        awaitDelivered(n, 3);
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(3, 0, 49, 0));
    }

    @Test
    void aWebhookUrlFromTheSecretsFileIsResolvedAndNeverLoggedWhenMissing() throws Exception {
        var fromSecrets = new WatchdogConfig.Webhook(
                true, "", Map.of(), ALL, Duration.ofSeconds(2), Optional.of(bundled("notifications.webhook.url")));
        Secrets secrets = new Secrets(Map.of("notifications.webhook.url", hook.url()), name -> null);
        Notifier n = new Notifier(
                new WatchdogConfig.Notifications(Optional.empty(), Optional.of(fromSecrets)),
                secrets,
                "gw1",
                Clock.systemUTC(),
                fast());
        notifiers.add(n);
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(sent()).containsExactly("failover eth0 0");

        Attempt missing = new WebhookChannel(fromSecrets, Secrets.none(), "gw1", Clock.systemUTC())
                .send(event("failover", T0, "eth0", "eth1"), 0);
        assertThat(missing)
                .isEqualTo(new Attempt.Failed("the webhook URL cannot be used: the secret"
                        + " notifications.webhook.url is missing from secrets.json"));
    }

    @Test
    void aDisabledWebhookSendsNothingAndStartsNoThread() throws Exception {
        var w = new WatchdogConfig.Webhook(false, hook.url(), Map.of(), ALL, Duration.ofSeconds(1));
        Notifier n =
                notifier(new WatchdogConfig.Notifications(Optional.empty(), Optional.of(w)), Clock.systemUTC(), fast());
        n.submit(event("failover", T0, "eth0", "eth1"));
        assertThat(n.drain(Duration.ofSeconds(1))).isTrue();
        Thread.sleep(100);
        assertThat(hook.requests()).isEmpty();
        assertThat(threads).isEmpty();
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 0, 0, 0));
    }

    private List<String> sent() {
        return hook.requests().stream()
                .map(r -> {
                    try {
                        JsonNode d = JSON.readTree(r.body());
                        return d.get("event").asText() + " " + d.get("from").asText() + " "
                                + d.get("suppressed").asInt();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    private void awaitRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hook.requests().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(hook.requests()).hasSize(n);
    }

    /** Held-back events are sent outside drain's reach: the count follows the server's reply. */
    private static void awaitDelivered(Notifier n, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (n.stats().delivered() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private Tuning fast() {
        ThreadFactory recording = r -> {
            Thread t = Thread.ofVirtual().unstarted(r);
            threads.add(t);
            return t;
        };
        return Tuning.defaults()
                .withBackoff(Duration.ofMillis(20), Duration.ofSeconds(5))
                .withCooldown(Duration.ofSeconds(60), Duration.ofMillis(10))
                .withThreads(recording);
    }

    private Notifier notifier(WatchdogConfig.Notifications config, Clock clock, Tuning tuning) {
        Notifier n = new Notifier(config, SECRETS, "gw1", clock, tuning);
        notifiers.add(n);
        return n;
    }

    private WatchdogConfig.Notifications webhook(
            List<String> events, Map<String, WatchdogConfig.SecretRef> headers, Duration timeout) {
        return new WatchdogConfig.Notifications(
                Optional.empty(), Optional.of(new WatchdogConfig.Webhook(true, hook.url(), headers, events, timeout)));
    }

    private static History.Event event(String kind, Instant at, String from, String to) {
        return new History.Event(at, kind, "default", from, to, "test", "{}");
    }

    private static WatchdogConfig.SecretRef bundled(String key) {
        return new WatchdogConfig.SecretRef(Optional.empty(), Optional.empty(), Optional.of(key));
    }

    private static WatchdogConfig.SecretRef env(String name) {
        return new WatchdogConfig.SecretRef(Optional.of(name), Optional.empty(), Optional.empty());
    }
}
