package dev.flywall.runtime.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.engine.KernelEffects;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The second half of "written means read" (issue 12): {@link WatchdogKeysReadTest} shows every
 * key reaches {@link WatchdogConfig}; this shows every field of WatchdogConfig is used by the
 * runtime's code. A record component counts as used when a compiled class of runtime/ other than
 * the record itself refers to its accessor or field (read from the class files' constant pools,
 * so the owner record is part of the name). Fields used only inside their own record (through a
 * helper such as {@code Uplink.dynamic()}) or only outside runtime/ are listed in
 * {@link #USED_ELSEWHERE} with where.
 */
class WatchdogFieldsUsedTest {

    /** Record components the runtime's other classes do not touch, and where their value is used. */
    static final Map<String, String> USED_ELSEWHERE = Map.ofEntries(
            Map.entry(
                    "WatchdogConfig.maintenance",
                    "issue 18: the engine takes uplinks in a maintenance window out of use (wired by the"
                            + " drain branch; remove this entry once the engine reads it)"),
            Map.entry("Uplink.addressing", "read by Uplink.dynamic(), which KernelEffects uses"),
            Map.entry(
                    "Uplink.nat6",
                    "the mode's effect is in ruleset.nft (masquerade, or the NPT chains); the runtime"
                            + " acts on Uplink.npt"),
            Map.entry(
                    "Ipv6.autoconf",
                    "apply sets the interface's autoconf sysctl from the bundle's ipv6 block (DeclaredLinks);"
                            + " the daemon follows whatever addresses the kernel then has"),
            Map.entry("HealthCheck.targets", "read by HealthCheck.probeTargets(), which Probes and Timeline use"),
            Map.entry("HealthCheck.url", "read by HealthCheck.probeTargets(), which Probes and Timeline use"),
            Map.entry(
                    "Uplink.addresses",
                    "a static WAN's addresses take effect in routes.ip (from rules) and"
                            + " ruleset.nft (snat); the daemon learns the live addresses from the kernel"),
            Map.entry(
                    "Group.stickyTimeout",
                    "the timeout of the sticky sets in ruleset.nft: the kernel forgets a"
                            + " source by itself, the daemon has nothing to time"),
            Map.entry("Api.listen", "cli: RunCommand starts the ApiServer on it, WanOptions connects to it"),
            Map.entry("Api.token", "cli: RunCommand gives it to the ApiServer, WanOptions sends it"),
            Map.entry("WatchdogConfig.notifications", "cli: RunCommand builds the Notifier from it"),
            Map.entry(
                    "Interface.addresses",
                    "flywall apply adds an interface's static addresses (from the compiled configuration);"
                            + " the daemon only runs the address clients"),
            Map.entry(
                    "Interface.mtu", "flywall apply sets an interface's MTU; the daemon only runs the address clients"),
            Map.entry(
                    "Interface.shapingRateBps",
                    "flywall apply installs the shaping (shaping.tc); the daemon only runs the address clients"),
            Map.entry(
                    "Runtime.stateDir",
                    "informational: flywall apply takes the directory from the compiled"
                            + " configuration, and the daemon and the wan commands find the bundle through --state-dir,"
                            + " so they cannot learn it from the bundle (docs/reference.md, runtime.state_dir)"));

    @Test
    void everyFieldOfWatchdogConfigIsUsedByTheRuntime() throws IOException, URISyntaxException {
        Path classes = Path.of(WatchdogConfig.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> referenced = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String owner =
                        classes.relativize(f).toString().replace(".class", "").replace('\\', '/');
                ConstantPool.references(Files.readAllBytes(f)).stream()
                        .filter(r -> !r.startsWith(owner + "."))
                        .forEach(referenced::add);
            }
        }
        Set<String> unused = new TreeSet<>();
        for (Class<?> record : records()) {
            String internal = record.getName().replace('.', '/');
            for (RecordComponent c : record.getRecordComponents()) {
                String name = record.getSimpleName() + "." + c.getName();
                if (!referenced.contains(internal + "." + c.getName()) && !USED_ELSEWHERE.containsKey(name)) {
                    unused.add(name);
                }
            }
        }
        assertThat(unused)
                .as("fields of watchdog.json the runtime reads and never uses: use them, stop writing"
                        + " them, or say in USED_ELSEWHERE where they are used")
                .isEmpty();
    }

    @Test
    void referencesAreNamedByTheirOwnerRecord() throws IOException {
        try (var in = KernelEffects.class.getResourceAsStream("KernelEffects.class")) {
            Set<String> refs = ConstantPool.references(in.readAllBytes());
            assertThat(refs)
                    .contains("dev/flywall/runtime/watchdog/WatchdogConfig$Group.hashSeed")
                    .doesNotContain("dev/flywall/runtime/watchdog/WatchdogConfig$Group.stickyTimeout");
        }
    }

    private static List<Class<?>> records() {
        List<Class<?>> out = new ArrayList<>(List.of(WatchdogConfig.class));
        for (Class<?> c : WatchdogConfig.class.getDeclaredClasses()) {
            if (c.isRecord()) {
                out.add(c);
            }
        }
        return out;
    }
}
