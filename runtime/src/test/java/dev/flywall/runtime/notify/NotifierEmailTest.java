package dev.flywall.runtime.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email delivery against GreenMail, a real in-process SMTP server, with SMTP authentication.
 * GreenMail 2.1.3 speaks SMTP and SMTPS but not STARTTLS, so STARTTLS is tested twice over: that
 * a server without it gets nothing (no fallback to plain text), and through {@link StartTlsFront},
 * which adds STARTTLS with a certificate the test trusts, in front of GreenMail.
 */
class NotifierEmailTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(
                    GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "right-password"));

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final List<String> EVENTS = List.of("wan_down", "wan_up", "failover", "failback");

    @TempDir
    Path dir;

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Notifier> notifiers = new ArrayList<>();
    /** What $SMTP_PASSWORD holds for the notifier under test. */
    private String password;

    @AfterEach
    void stop() {
        notifiers.forEach(Notifier::close);
    }

    @Test
    void sendsAnAuthenticatedMailWithSubjectBodyAndRecipients() throws Exception {
        Notifier n = notifier(email("127.0.0.1", SMTP.getSmtp().getPort(), false, "right-password"), fast());
        n.submit(new History.Event(
                T0, "failover", "default", "eth0", "eth1", "eth0 down: 3 failed rounds", "{\"loss\":1.0}"));
        assertThat(n.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(n.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 0));

        MimeMessage[] got = SMTP.getReceivedMessages();
        assertThat(got).hasSize(2); // one copy per recipient mailbox
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[flywall gw1] failover: default eth0 → eth1");
        assertThat(Arrays.stream(m.getFrom()).map(Address::toString)).containsExactly("flywall@gw1");
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString))
                .containsExactly("ops@example.com", "oncall@example.com");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(m.getSentDate().toInstant()).isEqualTo(T0);
        String body = GreenMailUtil.getBody(m).replace("\r\n", "\n");
        assertThat(body)
                .startsWith(
                        "flywall on gw1: failover in group default from eth0 to eth1 (eth0 down: 3 failed rounds)\n\n");
        assertThat(body)
                .contains(
                        "event: failover\n",
                        "at: 2026-11-22T10:00:00Z\n",
                        "host: gw1\n",
                        "group: default\n",
                        "from: eth0\n",
                        "to: eth1\n",
                        "reason: eth0 down: 3 failed rounds\n",
                        "details:\n  loss: 1.0");
    }

    @Test
    void aWrongPasswordIsAFailedDeliveryAndNothingIsSent() throws Exception {
        Notifier n = notifier(email("127.0.0.1", SMTP.getSmtp().getPort(), false, "wrong-password"), fast());
        n.submit(event("wan_down", "eth0", null));
        assertThat(n.drain(Duration.ofSeconds(10))).isTrue();

        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredNotHopedFor() throws Exception {
        Notifier n = notifier(email("127.0.0.1", SMTP.getSmtp().getPort(), true, "right-password"), fast());
        n.submit(event("wan_down", "eth0", null));
        assertThat(n.drain(Duration.ofSeconds(10))).isTrue();

        assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendsOverStarttlsWithAVerifiedCertificate() throws Exception {
        try (StartTlsFront front = new StartTlsFront(dir, SMTP.getSmtp().getPort())) {
            Notifier n = notifier(
                    email("127.0.0.1", front.port(), true, "right-password"),
                    fast().withSmtpTls(front.trustingClient()));
            n.submit(event("wan_up", "eth0", null));
            assertThat(n.drain(Duration.ofSeconds(10))).isTrue();

            assertThat(front.upgraded()).isTrue();
            assertThat(n.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 0));
            assertThat(SMTP.getReceivedMessages()).hasSize(2);
            assertThat(SMTP.getReceivedMessages()[0].getSubject()).isEqualTo("[flywall gw1] wan_up: default eth0");
        }
    }

    @Test
    void aCertificateNobodyVouchesForIsRefused() throws Exception {
        try (StartTlsFront front = new StartTlsFront(dir, SMTP.getSmtp().getPort())) {
            Notifier n = notifier(email("127.0.0.1", front.port(), true, "right-password"), fast());
            n.submit(event("wan_up", "eth0", null));
            assertThat(n.drain(Duration.ofSeconds(10))).isTrue();

            assertThat(n.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
            assertThat(SMTP.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void aSilentSmtpServerDelaysNeitherTheWebhookNorClose() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HookServer hook = new HookServer()) {
            WatchdogConfig.Email mail = email("127.0.0.1", silent.getLocalPort(), false, "right-password")
                    .email()
                    .orElseThrow();
            var webhook = new WatchdogConfig.Webhook(true, hook.url(), Map.of(), EVENTS, Duration.ofSeconds(2));
            Notifier n = notifier(new WatchdogConfig.Notifications(Optional.of(mail), Optional.of(webhook)), fast());
            long t0 = System.nanoTime();
            n.submit(event("failover", "eth0", "eth1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (n.stats().delivered() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(n.stats().delivered()).isEqualTo(1);
            assertThat(hook.requests()).hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(n.drain(Duration.ofMillis(200))).isFalse(); // the mail still waits for a greeting

            long c = System.nanoTime();
            n.close();
            assertThat(Duration.ofNanos(System.nanoTime() - c)).isLessThan(Duration.ofSeconds(2));
            assertThat(threads).hasSize(2).noneMatch(Thread::isAlive);
        }
    }

    private Tuning fast() {
        ThreadFactory recording = r -> {
            Thread t = Thread.ofVirtual().unstarted(r);
            threads.add(t);
            return t;
        };
        return Tuning.defaults()
                .withBackoff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .withThreads(recording);
    }

    private Notifier notifier(WatchdogConfig.Notifications config, Tuning tuning) {
        Secrets secrets =
                new Secrets(Map.of("smtp_password", "unused"), name -> name.equals("SMTP_PASSWORD") ? password : null);
        Notifier n = new Notifier(config, secrets, "gw1", Clock.systemUTC(), tuning);
        notifiers.add(n);
        return n;
    }

    private WatchdogConfig.Notifications email(String host, int port, boolean starttls, String password) {
        this.password = password;
        var ref = new WatchdogConfig.SecretRef(Optional.of("SMTP_PASSWORD"), Optional.empty(), Optional.empty());
        var e = new WatchdogConfig.Email(
                true,
                host,
                port,
                "alerts",
                List.of("ops@example.com", "oncall@example.com"),
                Optional.of("alerts"),
                Optional.of(ref),
                starttls,
                EVENTS);
        return new WatchdogConfig.Notifications(Optional.of(e), Optional.empty());
    }

    private static History.Event event(String kind, String from, String to) {
        return new History.Event(T0, kind, "default", from, to, "test", null);
    }
}
