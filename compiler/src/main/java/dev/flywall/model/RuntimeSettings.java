package dev.flywall.model;

import java.time.Duration;

/**
 * {@code runtime { state_dir, history_retention, mark_mask, interfaces }}. {@code manageInterfaces}:
 * {@code interfaces = "flywall"} (the default), flywall brings the declared interfaces up — link,
 * MTU, static addresses, a DHCP client or pppd; {@code "host"}, the host does (systemd-networkd,
 * ifupdown, NetworkManager) and flywall leaves them alone.
 */
public record RuntimeSettings(String stateDir, Duration historyRetention, long markMask, boolean manageInterfaces) {
    public static final RuntimeSettings DEFAULT =
            new RuntimeSettings("/var/lib/flywall", Duration.ofDays(30), 0xff00L, true);
}
