package dev.flywall.runtime.engine;

import dev.flywall.bundle.WatchdogFile;
import dev.flywall.render.HaFiles;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This node's role in an HA pair, as keepalived reports it through its notify FIFO, and the rule
 * that turns the FIFO's lines into role changes. With a sync group (two instances or more) only
 * the group's lines count, since its instances move together and the group's line is written
 * once they have; with a single instance, that instance's lines. Pure: the daemon's engine thread
 * feeds it lines and carries out each change ({@code conntrackd} commands, the event).
 */
public final class HaRole {

    /** What this node is: {@code INIT} until keepalived has said (and again once it stopped). */
    public enum Role {
        INIT,
        MASTER,
        BACKUP,
        FAULT;

        /** {@code master}: the word of the API, the metrics and the events. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a FIFO line is about one VRRP instance or about the sync group. */
    public enum Scope {
        INSTANCE,
        GROUP
    }

    /**
     * One line of keepalived's notify FIFO: {@code INSTANCE "flywall_eth2" MASTER 200} (the
     * instance's priority at the end) or {@code GROUP "flywall" BACKUP}; {@code state} as written
     * (MASTER, BACKUP, FAULT, STOP, or a state this reader does not act on).
     */
    public record Line(Scope scope, String name, String state, OptionalInt priority) {

        private static final Pattern SHAPE =
                Pattern.compile("(INSTANCE|GROUP) +(?:\"([^\"]*)\"|(\\S+)) +([A-Z_]+)(?: +(\\d{1,3}))? *");

        public Line {
            Objects.requireNonNull(scope);
            Objects.requireNonNull(name);
            Objects.requireNonNull(state);
            Objects.requireNonNull(priority);
        }

        /** The line, or empty when it is not one of keepalived's transition lines. */
        public static Optional<Line> parse(String text) {
            Matcher m = SHAPE.matcher(text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            OptionalInt priority =
                    m.group(5) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(5)));
            return Optional.of(new Line(Scope.valueOf(m.group(1)), name, m.group(4), priority));
        }
    }

    /** A change of role: from, to, when, and the FIFO line that said so. */
    public record Change(Role from, Role to, Instant at, String line) {}

    private final Scope scope;
    private final String name;
    private Role role = Role.INIT;
    private Instant since;
    private long transitions;

    /** For a node of {@code ha}, in {@link Role#INIT} since {@code now}. */
    public HaRole(WatchdogFile.Ha ha, Instant now) {
        this.scope = scope(ha);
        this.name = name(ha);
        this.since = now;
    }

    /**
     * This role following the lines of a reloaded {@code ha} (its instances may have changed):
     * the same role, since the same time, with the same count of changes.
     */
    public HaRole following(WatchdogFile.Ha ha) {
        HaRole next = new HaRole(ha, since);
        next.role = role;
        next.transitions = transitions;
        return next;
    }

    private static Scope scope(WatchdogFile.Ha ha) {
        return ha.virtualAddresses().size() >= 2 ? Scope.GROUP : Scope.INSTANCE;
    }

    private static String name(WatchdogFile.Ha ha) {
        if (ha.virtualAddresses().isEmpty()) {
            throw new IllegalArgumentException("watchdog.json: ha without a virtual address");
        }
        return ha.virtualAddresses().size() >= 2
                ? HaFiles.SYNC_GROUP
                : HaFiles.instanceName(ha.virtualAddresses().get(0).device());
    }

    /** The role a FIFO state word means; empty for the states flywall does not act on. */
    static Optional<Role> roleOf(String state) {
        return switch (state) {
            case "MASTER" -> Optional.of(Role.MASTER);
            case "BACKUP" -> Optional.of(Role.BACKUP);
            case "FAULT" -> Optional.of(Role.FAULT);
            // keepalived is stopping: it has dropped the addresses, and says nothing more
            case "STOP" -> Optional.of(Role.INIT);
            default -> Optional.empty();
        };
    }

    /**
     * Follows one FIFO line: the change it makes, or empty when the line is about something else
     * (another scope or name, a state flywall does not act on) or repeats the current role.
     */
    public Optional<Change> follow(Line line, Instant now) {
        if (line.scope() != scope || !line.name().equals(name)) {
            return Optional.empty();
        }
        Optional<Role> to = roleOf(line.state());
        if (to.isEmpty() || to.get() == role) {
            return Optional.empty();
        }
        return Optional.of(enter(to.get(), now, line.scope() + " \"" + line.name() + "\" " + line.state()));
    }

    /**
     * Enters {@code to} without a FIFO line (keepalived exited, or was stopped): back to
     * {@link Role#INIT}. Empty when already there.
     */
    public Optional<Change> reset(Instant now, String why) {
        return role == Role.INIT ? Optional.empty() : Optional.of(enter(Role.INIT, now, why));
    }

    private Change enter(Role to, Instant now, String why) {
        Change c = new Change(role, to, now, why);
        role = to;
        since = now;
        if (to != Role.INIT) {
            transitions++;
        }
        return c;
    }

    public Role role() {
        return role;
    }

    public Instant since() {
        return since;
    }

    /** Changes to master, backup or fault since the daemon started (for {@code flywall_ha_transitions_total}). */
    public long transitions() {
        return transitions;
    }

    /** The scope and name of the lines that count ({@code GROUP "flywall"}), for the log. */
    public String follows() {
        return scope + " \"" + name + "\"";
    }
}
