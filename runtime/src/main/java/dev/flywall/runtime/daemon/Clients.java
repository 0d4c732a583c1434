package dev.flywall.runtime.daemon;

import dev.flywall.runtime.probe.RouterSolicitation;
import dev.flywall.runtime.watchdog.Secrets;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The address clients of the managed interfaces, supervised ({@link Supervised}): Debian's ISC
 * {@code dhclient} for each DHCP interface, {@code pppd} for each PPPoE one. dhclient because its
 * lease, pid and hook files can be put anywhere ({@code -lf -pf -sf}), so several instances (and
 * namespaces) coexist and its state lives in flywall's state directory; it re-requests the lease
 * in its lease file on start (INIT-REBOOT), so a lease survives a daemon restart; and it speaks
 * DHCPv6 and prefix delegation too. Its hook ({@code dhclient-hook.sh}, written by the daemon)
 * configures the address and the main table's default route; nothing here re-does a client's work.
 *
 * <p>Files, under the state directory: {@code dhcp/IFACE.leases} (kept across restarts), and in
 * {@code run/} (mode 0700) the pid files, the hook (0700) and each PPPoE password file (0600,
 * {@code password "…"} for pppd's {@code file} option, removed when pppd stops). A password is
 * never on a command line and never in the log.
 */
final class Clients implements AutoCloseable {

    /**
     * The programs to run, and how a router advertisement is asked for on a device; tests give
     * stand-ins.
     */
    record Programs(String dhclient, String pppd, Solicitor solicitor) {
        static final Programs DEBIAN = new Programs("dhclient", "pppd", RouterSolicitation::send);

        Programs(String dhclient, String pppd) {
            this(dhclient, pppd, device -> {});
        }
    }

    /** Asks the routers on a device's link for an advertisement now. */
    interface Solicitor {
        void solicit(String device) throws IOException;
    }

    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern BUNDLE_FILE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    static final String HOOK = "dhclient-hook";
    /** The key of an interface's DHCPv6 client among the running ones. */
    static final String V6 = " -6";

    private final Path stateDir;
    private final Optional<String> netns;
    private final Programs programs;
    private final Consumer<String> log;
    private final Map<String, Supervised> running = new LinkedHashMap<>();
    /** What each running client was started from: a change restarts it. */
    private final Map<String, String> started = new LinkedHashMap<>();
    /** Set by {@link #close()}: the daemon is stopping, and no client starts again. */
    private boolean shutDown;

    Clients(Path stateDir, Optional<String> netns, Programs programs, Consumer<String> log) {
        this.stateDir = stateDir;
        this.netns = netns;
        this.programs = programs;
        this.log = log;
    }

    Path runDir() {
        return stateDir.resolve("run");
    }

    /**
     * Brings the clients in line with a bundle's interfaces: starts the missing ones, releases the
     * ones whose interface is gone or no longer managed (their client undoes its address), and
     * restarts those whose settings changed (keeping the lease). A client that cannot be set up
     * (a secret that cannot be resolved) is logged and left out; the others still start.
     */
    synchronized void update(List<WatchdogConfig.Interface> interfaces, Secrets secrets) {
        update(interfaces, Map.of(), secrets);
    }

    /**
     * As {@link #update(List, Secrets)}; {@code tables} gives each uplink device its routing table,
     * where the DHCPv6 hook records a delegated prefix (an interface without one records none).
     */
    synchronized void update(List<WatchdogConfig.Interface> interfaces, Map<String, Integer> tables, Secrets secrets) {
        if (shutDown) {
            // the daemon stops its clients before its engine, whose last task may still be a reload
            return;
        }
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        for (WatchdogConfig.Interface i : interfaces) {
            if (!i.managed()) {
                continue;
            }
            try {
                if (i.pppoe().isPresent()) {
                    wanted.put(i.name(), pppd(i, i.pppoe().get(), secrets));
                } else if (i.dhcpRouteMetric().isPresent()) {
                    wanted.put(i.name(), dhclient(i, i.dhcpRouteMetric().get()));
                }
                Optional<WatchdogConfig.Ipv6> v6 = i.ipv6().filter(v -> v.dhcp() || v.prefixDelegation());
                if (v6.isPresent()) {
                    wanted.put(i.name() + V6, dhclient6(i, v6.get(), Optional.ofNullable(tables.get(i.name()))));
                }
            } catch (IOException | IllegalArgumentException e) {
                log.accept("not starting the client of " + i.name() + ": " + e.getMessage());
            }
        }
        for (String name : new ArrayList<>(running.keySet())) {
            Wanted w = wanted.get(name);
            if (w == null) {
                log.accept("stopping " + running.get(name).spec().name() + " (" + name
                        + " is no longer a managed DHCP or PPPoE interface)");
                stop(name, true);
            } else if (!w.identity().equals(started.get(name))) {
                log.accept("restarting " + running.get(name).spec().name() + " (its settings changed)");
                stop(name, false);
            }
        }
        solicit(interfaces);
        wanted.forEach((name, w) -> {
            if (!running.containsKey(name)) {
                Supervised s = new Supervised(w.spec(), w.hooks(), log);
                running.put(name, s);
                started.put(name, w.identity());
                log.accept("starting " + w.spec().name());
                s.start();
            }
        });
    }

    /**
     * Asks for a router advertisement on every managed interface with an ipv6 block: apply turns
     * {@code accept_ra} on while the link is up, when the kernel solicits no advertisement by
     * itself, and a real router's next unsolicited one can be minutes away. Once per start and
     * reload; a failure is logged (the next unsolicited advertisement still comes). In a test's
     * namespace ({@code netns}) this process's sockets are elsewhere, so nothing is sent.
     */
    private void solicit(List<WatchdogConfig.Interface> interfaces) {
        if (netns.isPresent()) {
            return;
        }
        for (WatchdogConfig.Interface i : interfaces) {
            if (i.managed() && i.ipv6().isPresent()) {
                try {
                    programs.solicitor().solicit(device(i.name()));
                } catch (IOException | IllegalArgumentException e) {
                    log.accept("no router solicitation on " + i.name() + ": " + e.getMessage());
                }
            }
        }
    }

    /** A client to run: its spec, its hooks, and what identifies its settings (no secret in clear). */
    private record Wanted(Supervised.Spec spec, Supervised.Hooks hooks, String identity) {}

    private Wanted dhclient(WatchdogConfig.Interface i, int routeMetric) throws IOException {
        String dev = device(i.name());
        return dhclient(
                dev, "-4", dev + ".leases", dev + ".dhclient.pid", List.of(), "flywall_route_metric=" + routeMetric);
    }

    /**
     * {@code dhclient -6}: {@code -N} for an address (IA_NA), {@code -P} for a delegated prefix
     * (IA_PD), with the same hook, which records the prefix in the uplink's {@code table}.
     */
    private Wanted dhclient6(WatchdogConfig.Interface i, WatchdogConfig.Ipv6 v6, Optional<Integer> table)
            throws IOException {
        String dev = device(i.name());
        List<String> asks = new ArrayList<>();
        if (v6.dhcp()) {
            asks.add("-N");
        }
        if (v6.prefixDelegation()) {
            asks.add("-P");
        }
        List<String> env = new ArrayList<>(List.of("flywall_route_metric=" + v6.routeMetric()));
        table.ifPresent(t -> env.add("flywall_table=" + t));
        return dhclient(dev, "-6", dev + ".leases6", dev + ".dhclient6.pid", asks, env.toArray(String[]::new));
    }

    /** One dhclient: the family's flag and what it asks for, its files, the hook's environment. */
    private Wanted dhclient(
            String dev, String family, String leaseFile, String pidFile, List<String> asks, String... env)
            throws IOException {
        Path run = ensureRunDir();
        Path leases = Files.createDirectories(stateDir.resolve("dhcp"));
        Path hook = run.resolve(HOOK);
        Path pid = run.resolve(pidFile);
        // no -cf: the host's dhclient.conf is for the host's own clients; the defaults ask for
        // what the hook uses (address, mask, routers)
        List<String> common = new ArrayList<>(List.of(family));
        common.addAll(asks);
        common.addAll(List.of(
                "-cf",
                "/dev/null",
                "-lf",
                leases.resolve(leaseFile).toString(),
                "-pf",
                pid.toString(),
                "-sf",
                hook.toString()));
        for (String e : env) {
            common.addAll(List.of("-e", e));
        }
        List<String> command = new ArrayList<>(List.of(programs.dhclient(), "-d"));
        command.addAll(common);
        command.add(dev);
        List<String> release = new ArrayList<>(List.of(programs.dhclient(), "-r"));
        release.addAll(common);
        release.add(dev);
        Supervised.Spec spec = new Supervised.Spec(
                "dhclient " + (family.equals("-6") ? "-6 " : "") + dev,
                inNamespace(command),
                "dhclient",
                pid,
                Optional.of(inNamespace(release)));
        Supervised.Hooks hooks = new Supervised.Hooks() {
            @Override
            public void beforeStart() throws IOException {
                writeHook(hook);
            }

            @Override
            public void afterStop() {}
        };
        return new Wanted(spec, hooks, String.join(" ", spec.command()));
    }

    private Wanted pppd(WatchdogConfig.Interface i, WatchdogConfig.Pppoe p, Secrets secrets) throws IOException {
        String dev = device(i.name());
        // the PPP device pppd creates is named in the peers file (ifname); the log names it too
        String ppp = device(p.device());
        if (!BUNDLE_FILE.matcher(p.peersFile()).matches() || p.peersFile().contains("..")) {
            throw new IllegalArgumentException("watchdog.json: unusable peers file name: " + p.peersFile());
        }
        Path peers = stateDir.resolve("current").resolve(p.peersFile());
        String password = secrets.resolve(p.password());
        Path run = ensureRunDir();
        Path secretFile = run.resolve(dev + ".pppd-secret");
        Path pid = run.resolve(dev + ".pppd.pid");
        // nodetach: pppd stays in the foreground, where its supervisor sees it end
        List<String> command =
                List.of(programs.pppd(), "file", peers.toString(), "file", secretFile.toString(), "nodetach");
        Supervised.Spec spec = new Supervised.Spec(
                "pppd " + dev + " (" + ppp + ")", inNamespace(command), "pppd", pid, Optional.empty());
        Supervised.Hooks hooks = new Supervised.Hooks() {
            @Override
            public void beforeStart() throws IOException {
                writeSecret(secretFile, "password " + quoted(password) + "\n");
            }

            @Override
            public void afterStop() {
                try {
                    Files.deleteIfExists(secretFile);
                } catch (IOException e) {
                    log.accept("could not remove " + secretFile + ": " + e.getMessage());
                }
            }
        };
        // the identity holds a digest of the password, so a changed password restarts pppd
        return new Wanted(spec, hooks, String.join(" ", spec.command()) + " " + digest(password));
    }

    /**
     * A word of pppd's options files: in double quotes, with backslash, quote and every control
     * character written as an escape (octal for the control characters), so that any password reads
     * back as itself.
     */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\\').append(String.format("%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String digest(String value) {
        try {
            byte[] d =
                    java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> inNamespace(List<String> command) {
        List<String> full = new ArrayList<>();
        netns.ifPresent(ns -> full.addAll(List.of("ip", "netns", "exec", ns)));
        full.addAll(command);
        return full;
    }

    private static String device(String name) {
        if (!DEVICE.matcher(name).matches()) {
            throw new IllegalArgumentException("watchdog.json: unusable interface name: " + name);
        }
        return name;
    }

    private Path ensureRunDir() throws IOException {
        Path run = runDir();
        if (!Files.isDirectory(run)) {
            Files.createDirectories(
                    run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        return run;
    }

    /** The hook, from the resource, mode 0700 (written fresh before each start: the daemon's own copy wins). */
    static void writeHook(Path hook) throws IOException {
        try (InputStream in = Clients.class.getResourceAsStream("dhclient-hook.sh")) {
            Objects.requireNonNull(in, "dhclient-hook.sh is missing from the class path");
            writeFile(hook, new String(in.readAllBytes(), StandardCharsets.UTF_8), "rwx------");
        }
    }

    /** A secret file: created 0600 before anything is written to it, then moved into place. */
    static void writeSecret(Path file, String content) throws IOException {
        writeFile(file, content, "rw-------");
    }

    /**
     * Writes through a temporary file of its own, created with the mode and never re-created: two
     * clients starting at once both write the hook, and a shared temporary name let one of them
     * write a fresh 0644 file over the other's (dhclient then could not execute its hook).
     */
    private static void writeFile(Path file, String content, String mode) throws IOException {
        Path tmp = Files.createTempFile(
                file.getParent(),
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            Files.writeString(
                    tmp,
                    content,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** The names of the interfaces whose client runs (tests). */
    synchronized List<String> interfaces() {
        return List.copyOf(running.keySet());
    }

    synchronized Optional<Supervised> client(String iface) {
        return Optional.ofNullable(running.get(iface));
    }

    private void stop(String name, boolean release) {
        Supervised s = running.remove(name);
        started.remove(name);
        if (s != null) {
            s.stop(release);
        }
    }

    /**
     * Stops every client for good (a later {@link #update} starts none) keeping what it configured: dhclient exits on SIGTERM without running its
     * hook, so the address, the route and the lease file stay, and the next start re-requests the
     * same lease. pppd ends its session (and its password file goes).
     */
    @Override
    public synchronized void close() {
        shutDown = true;
        for (String name : new ArrayList<>(running.keySet())) {
            stop(name, false);
        }
    }
}
