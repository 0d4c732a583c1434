package dev.flywall.runtime.notify;

import dev.flywall.runtime.history.History;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Notifications by SMTP (Angus Mail). With {@code starttls} the connection must be upgraded to
 * TLS with a certificate valid for the configured host before anything else is said: a server
 * (or a man in the middle) that does not offer STARTTLS gets nothing, rather than the password in
 * clear. Every socket operation has a timeout, so an SMTP server that accepts the connection and
 * then says nothing costs a delivery, never a stuck worker.
 *
 * <p>The sender is {@code from}; the compiler already defaults it to the username, and when that
 * is not an address either (providers with API-key logins) it is {@code flywall@<hostname>}.
 * Network errors and 4xx replies are retried; authentication failures, certificates that do not
 * verify and 5xx replies are not (a wrong password does not become right, and repeating it
 * invites a lockout).
 */
final class EmailChannel implements Channel {

    private static final int ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WatchdogConfig.Email config;
    private final Secrets secrets;
    private final String host;
    private final Session session;

    EmailChannel(WatchdogConfig.Email config, Secrets secrets, String host, Optional<SSLSocketFactory> tls) {
        this.config = config;
        this.secrets = secrets;
        this.host = host;
        Properties p = new Properties();
        p.put("mail.smtp.host", config.smtpHost());
        p.put("mail.smtp.port", Integer.toString(config.smtpPort()));
        p.put("mail.smtp.localhost", host);
        String ms = Long.toString(TIMEOUT.toMillis());
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.auth", Boolean.toString(config.username().isPresent()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(config.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(config.starttls()));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        tls.ifPresent(f -> p.put("mail.smtp.ssl.socketFactory", f));
        this.session = Session.getInstance(p);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public int maxAttempts() {
        return ATTEMPTS;
    }

    @Override
    public Attempt send(History.Event event, int held) {
        String password = null;
        if (config.username().isPresent() && config.password().isPresent()) {
            try {
                password = secrets.resolve(config.password().get());
            } catch (IOException e) {
                return new Attempt.Failed("SMTP password: " + e.getMessage());
            }
        }
        MimeMessage message;
        try {
            message = message(event, held);
        } catch (AddressException e) {
            return new Attempt.Failed("bad address " + e.getRef() + ": " + e.getMessage());
        } catch (MessagingException e) {
            return new Attempt.Failed("cannot build the message: " + e.getMessage());
        }
        String user = config.username().orElse(null);
        try (Transport t = session.getTransport("smtp")) {
            t.connect(
                    config.smtpHost(), config.smtpPort(), user, user == null ? null : password == null ? "" : password);
            t.sendMessage(message, message.getAllRecipients());
            return new Attempt.Delivered();
        } catch (AuthenticationFailedException e) {
            return new Attempt.Failed("SMTP authentication as " + user + " failed" + detail(e));
        } catch (SMTPSendFailedException e) {
            String reason = "SMTP " + e.getReturnCode() + detail(e);
            return e.getReturnCode() / 100 == 4
                    ? new Attempt.Retry(reason, Optional.empty())
                    : new Attempt.Failed(reason);
        } catch (MessagingException e) {
            String reason = "SMTP " + config.smtpHost() + ":" + config.smtpPort() + detail(e);
            return transientIo(e) ? new Attempt.Retry(reason, Optional.empty()) : new Attempt.Failed(reason);
        }
    }

    private MimeMessage message(History.Event event, int held) throws MessagingException {
        EventText text = new EventText(event, host, held);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(sender(), true));
        List<InternetAddress> to = new ArrayList<>();
        for (String address : config.to()) {
            to.add(new InternetAddress(address, true));
        }
        m.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        m.setSubject(text.subject(), StandardCharsets.UTF_8.name());
        m.setText(text.mailBody(), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(event.at()));
        // RFC 3834: a machine wrote this; vacation responders and the like must not answer it.
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setHeader("X-Flywall-Event", event.kind());
        return m;
    }

    private String sender() {
        return config.from().contains("@") ? config.from() : "flywall@" + host;
    }

    /**
     * Connection refused, timeouts, resets: the network, maybe passing. A certificate that does
     * not verify is not: it will be the same certificate next time.
     */
    private static boolean transientIo(Throwable e) {
        boolean io = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof GeneralSecurityException) {
                return false;
            }
            io |= c instanceof IOException;
        }
        return io;
    }

    private static String detail(MessagingException e) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().strip().replaceAll("\\s+", " ");
            if (!m.isEmpty() && !s.toString().contains(m)) {
                s.append(": ").append(m);
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        // one connection per delivery, closed with it: nothing held between events
    }
}
