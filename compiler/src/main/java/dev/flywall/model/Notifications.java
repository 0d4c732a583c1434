package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code notifications { email {...} webhook {...} }}. */
public record Notifications(Optional<Email> email, Optional<Webhook> webhook) {

    public static final Notifications NONE = new Notifications(Optional.empty(), Optional.empty());

    /** The events a notification can subscribe to. */
    public static final List<String> EVENTS = List.of(
            "wan_down",
            "wan_up",
            "failover",
            "failback",
            "pin",
            "unpin",
            "lease",
            "apply",
            "rollback",
            "ha_master",
            "ha_backup",
            "ha_fault",
            "drain",
            "undrain",
            "maintenance_start",
            "maintenance_end");

    /** SMTP delivery. */
    public record Email(
            boolean enabled,
            HostPort smtp,
            String from,
            List<String> to,
            Optional<String> username,
            Optional<Secret> password,
            boolean starttls,
            List<String> events,
            SourceSpan span) {
        public Email {
            to = List.copyOf(to);
            events = List.copyOf(events);
        }
    }

    /** A JSON POST to a URL. */
    public record Webhook(
            boolean enabled,
            String url,
            Map<String, Secret> headers,
            List<String> events,
            Duration timeout,
            SourceSpan span) {
        public Webhook {
            headers = Map.copyOf(headers);
            events = List.copyOf(events);
        }
    }
}
