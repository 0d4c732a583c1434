package dev.flywall.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * What happened, as the history, the notifications, the API and {@code watchdog.json}'s
 * notification filters name it ({@link #word()}, such as {@code wan_down}).
 */
public enum EventKind {
    /** An uplink's health went down (failed rounds, or its link lost carrier). */
    WAN_DOWN("wan_down"),
    /** An uplink's health came back. */
    WAN_UP("wan_up"),
    /** A group moved to a less preferred tier or member set. */
    FAILOVER("failover"),
    /** A group returned to a more preferred tier. */
    FAILBACK("failback"),
    /** The operator pinned a group to one member. */
    PIN("pin"),
    /** The operator removed a pin. */
    UNPIN("unpin"),
    /** A group has no usable member left; it keeps its last choice. */
    ALL_DOWN("all_down"),
    /** A DHCP or PPPoE uplink's address or gateway changed (a new lease, a new session, or none). */
    LEASE("lease"),
    /** A bundle was applied. */
    APPLY("apply"),
    /** An applied bundle was rolled back. */
    ROLLBACK("rollback"),
    /** The daemon's table is gone or altered and could not be restored. */
    RULESET_BROKEN("ruleset_broken"),
    /** The daemon's table is whole again. */
    RULESET_RESTORED("ruleset_restored"),
    /** history.db stopped taking events. */
    HISTORY_BROKEN("history_broken"),
    /** history.db takes events again. */
    HISTORY_RESTORED("history_restored"),
    /** This node of an HA pair became master: it holds the virtual addresses and carries the traffic. */
    HA_MASTER("ha_master"),
    /** This node of an HA pair became backup: the peer carries the traffic; this node stays ready. */
    HA_BACKUP("ha_backup"),
    /** This node of an HA pair cannot serve (keepalived's FAULT: an interface of a virtual address is down). */
    HA_FAULT("ha_fault"),
    /** The operator drained an uplink: no new connections on it, established ones keep flowing. */
    DRAIN("drain"),
    /** The operator ended an uplink's drain: it takes new connections again. */
    UNDRAIN("undrain"),
    /** A maintenance window began: its uplinks are drained and their health alerts muted. */
    MAINTENANCE_START("maintenance_start"),
    /** A maintenance window ended: its uplinks take new connections again. */
    MAINTENANCE_END("maintenance_end");

    private final String word;

    EventKind(String word) {
        this.word = word;
    }

    /** The name in files, the API and the history. */
    @JsonValue
    public String word() {
        return word;
    }

    /** The kind a word names, or empty. */
    public static Optional<EventKind> of(String word) {
        return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst();
    }

    /** For Jackson: an unknown word is an error naming it. */
    @JsonCreator
    static EventKind fromWord(String word) {
        return of(word).orElseThrow(() -> new IllegalArgumentException("unknown event kind \"" + word + "\""));
    }

    /** A switch of a group or a lost uplink: what {@code switch_ms} is measured for. */
    public boolean isSwitch() {
        return this == FAILOVER || this == FAILBACK || this == WAN_DOWN;
    }

    @Override
    public String toString() {
        return word;
    }
}
