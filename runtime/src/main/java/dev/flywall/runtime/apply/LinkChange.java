package dev.flywall.runtime.apply;

import dev.flywall.diff.PlanDiff.Line;
import dev.flywall.plan.ShapingBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The change of the declared devices from what they are ({@link LiveLinks}) to a target: one
 * {@code ip -batch} (links up and MTUs, then addresses removed and added, then links down), then
 * one {@code tc -batch} (flywall's shaping installed or removed); with the plan's lines for it and
 * the {@link LinkLedger} to write before the change (all it may add) and after it, and the devices'
 * state before it as a snapshot holds it ({@link LinkState}: flywall's parts only). Only addresses
 * the ledger says flywall added are ever removed, only flywall's root qdisc deleted.
 */
record LinkChange(
        List<LinkState> snapshot,
        List<String> ip,
        List<String> sysctl,
        List<String> tc,
        List<Line> plan,
        List<String> notes,
        Map<String, LinkLedger.Entry> ledgerBefore,
        Map<String, LinkLedger.Entry> ledgerAfter) {

    /**
     * What a device should become; a null part is left as it is; {@code addresses} are flywall's
     * wanted ones; {@code sysctls} the IPv6 settings to hold (a setting not named is left as it is).
     */
    record Target(
            String device,
            Integer mtu,
            Boolean up,
            List<Cidr> addresses,
            LinkState.Shape shaping,
            Map<String, Integer> sysctls) {
        Target {
            sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        }
    }

    static final LinkChange NONE =
            new LinkChange(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());

    LinkChange {
        snapshot = List.copyOf(snapshot);
        ip = List.copyOf(ip);
        sysctl = List.copyOf(sysctl);
        tc = List.copyOf(tc);
        plan = List.copyOf(plan);
        notes = List.copyOf(notes);
    }

    /**
     * The change from the devices as {@code kernel} has them now to {@code declared} (with the shaping
     * leaf {@code leaf}, null when nothing is shaped); a declared device the kernel lacks is an
     * {@link ApplyException} (nothing was changed).
     */
    static LinkChange toDeclared(Kernel kernel, DeclaredLinks declared, LinkLedger ledger)
            throws IOException, InterruptedException, ApplyException {
        return toDeclared(kernel, declared, declared.shapes() ? ShapingLeaf.best() : null, ledger);
    }

    static LinkChange toDeclared(Kernel kernel, DeclaredLinks declared, String leaf, LinkLedger ledger)
            throws IOException, InterruptedException, ApplyException {
        var entries = ledger.read();
        Set<String> devices = new java.util.TreeSet<>(declared.devices());
        devices.addAll(entries.keySet());
        var live = LiveLinks.read(kernel, devices);
        declared.checkPresent(live.keySet());
        checkSysctls(declared, live);
        return between(live, declared(declared, leaf, entries), entries);
    }

    /** A declared IPv6 setting the kernel lacks (ra_defrtr_metric before Linux 5.18): refused up front, named. */
    private static void checkSysctls(DeclaredLinks declared, Map<String, LiveLinks.Live> live) throws ApplyException {
        for (DeclaredLinks.Link l : declared.links()) {
            LiveLinks.Live now = live.get(l.device());
            for (String name : l.sysctls().keySet()) {
                if (now != null && !now.sysctls().containsKey(name)) {
                    throw new ApplyException("this kernel has no " + LiveLinks.sysctlKey(l.device(), name)
                            + (name.equals("ra_defrtr_metric") ? " (Linux 5.18 and later have it)" : "")
                            + ", which interface " + l.device() + "'s ipv6 block needs: nothing was changed");
                }
            }
        }
    }

    /** The declared state: managed links up with their MTU and addresses, shaping as declared, the rest as before flywall. */
    static Map<String, Target> declared(DeclaredLinks declared, String leaf, Map<String, LinkLedger.Entry> ledger) {
        Map<String, Target> targets = new TreeMap<>();
        ledger.forEach((device, entry) -> targets.put(device, unprovisioned(device, entry)));
        for (DeclaredLinks.Link l : declared.links()) {
            LinkLedger.Entry entry = ledger.getOrDefault(l.device(), LinkLedger.Entry.NONE);
            LinkState.Shape shape = l.rateBps() == null ? null : LinkState.Shape.of(l.rateBps(), leaf);
            // the declared settings; those no longer declared go back to what they were
            Map<String, Integer> sysctls = new TreeMap<>(entry.sysctlsBefore());
            sysctls.putAll(l.sysctls());
            targets.put(
                    l.device(),
                    l.managed()
                            ? new Target(
                                    l.device(),
                                    l.mtu() != null ? l.mtu() : entry.mtuBefore(),
                                    true,
                                    l.addresses(),
                                    shape,
                                    sysctls)
                            : new Target(l.device(), null, null, null, shape, sysctls));
        }
        return targets;
    }

    /** A snapshot's state; devices the ledger knows and the snapshot does not go back to before flywall. */
    static Map<String, Target> restoring(List<LinkState> links, Map<String, LinkLedger.Entry> ledger) {
        Map<String, Target> targets = new TreeMap<>();
        ledger.forEach((device, entry) -> targets.put(device, unprovisioned(device, entry)));
        for (LinkState s : links) {
            List<Cidr> addresses = s.addresses().stream()
                    .map(a -> Cidr.parse(a).orElse(null))
                    .filter(Objects::nonNull)
                    .toList();
            Map<String, Integer> sysctls = new TreeMap<>(
                    ledger.getOrDefault(s.device(), LinkLedger.Entry.NONE).sysctlsBefore());
            sysctls.putAll(s.sysctls());
            targets.put(s.device(), new Target(s.device(), s.mtu(), s.up(), addresses, s.shaping(), sysctls));
        }
        return targets;
    }

    /** A device flywall no longer declares: its addresses and shaping gone, its MTU as before flywall. */
    private static Target unprovisioned(String device, LinkLedger.Entry entry) {
        return new Target(device, entry.mtuBefore(), null, List.of(), null, entry.sysctlsBefore());
    }

    /** From {@code now} to {@code targets}; devices the kernel does not have are left out (their ledger kept). */
    static LinkChange between(
            Map<String, LiveLinks.Live> now, Map<String, Target> targets, Map<String, LinkLedger.Entry> ledger)
            throws ApplyException {
        Builder b = new Builder();
        Map<String, LinkLedger.Entry> before = new TreeMap<>(ledger);
        Map<String, LinkLedger.Entry> after = new TreeMap<>(ledger);
        for (Target t : targets.values()) {
            DeclaredLinks.checkDevice(t.device());
            LiveLinks.Live live = now.get(t.device());
            if (live != null) {
                b.device(t, live, ledger.getOrDefault(t.device(), LinkLedger.Entry.NONE), before, after);
            }
        }
        List<String> ip = new ArrayList<>(b.first);
        ip.addAll(b.deletes);
        ip.addAll(b.adds);
        ip.addAll(b.last);
        return new LinkChange(snapshot(now, ledger), ip, b.sysctl, b.tc, b.plan, b.notes, before, after);
    }

    /** The devices as a snapshot holds them: only the addresses and the shaping the ledger says are flywall's. */
    static List<LinkState> snapshot(Map<String, LiveLinks.Live> now, Map<String, LinkLedger.Entry> ledger) {
        List<LinkState> links = new ArrayList<>();
        for (LiveLinks.Live live : now.values()) {
            LinkLedger.Entry entry = ledger.getOrDefault(live.device(), LinkLedger.Entry.NONE);
            List<String> owned = live.addresses().stream()
                    .map(Cidr::toString)
                    .filter(entry.addresses()::contains)
                    .toList();
            Map<String, Integer> sysctls = new TreeMap<>();
            entry.sysctlsBefore().keySet().forEach(n -> {
                if (live.sysctls().containsKey(n)) {
                    sysctls.put(n, live.sysctls().get(n));
                }
            });
            links.add(new LinkState(
                    live.device(),
                    live.mtu(),
                    live.up(),
                    owned,
                    entry.shaped() && live.htbRoot() ? live.shaping() : null,
                    sysctls));
        }
        return links;
    }

    /** The lines of one change, collected device by device. */
    private static final class Builder {
        final List<String> first = new ArrayList<>();
        final List<String> deletes = new ArrayList<>();
        final List<String> adds = new ArrayList<>();
        final List<String> last = new ArrayList<>();
        final List<String> sysctl = new ArrayList<>();
        final List<String> tc = new ArrayList<>();
        final List<Line> plan = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        /** One device's lines and ledger entries: before the change (all it may add) and after it. */
        void device(
                Target t,
                LiveLinks.Live live,
                LinkLedger.Entry entry,
                Map<String, LinkLedger.Entry> before,
                Map<String, LinkLedger.Entry> after) {
            // the plan's lines in the order of the batch: the link, then its addresses, then its shaping
            boolean mtu = link(t, live);
            Set<Cidr> owned = new LinkedHashSet<>();
            entry.addresses().forEach(a -> Cidr.parse(a).filter(live::has).ifPresent(owned::add));
            Set<Cidr> kept = new LinkedHashSet<>(owned);
            List<Cidr> added = new ArrayList<>();
            if (t.addresses() != null) {
                kept.retainAll(t.addresses());
                t.addresses().stream().filter(a -> !live.has(a)).distinct().forEach(added::add);
                addresses(
                        t.device(),
                        owned.stream().filter(a -> !t.addresses().contains(a)).toList(),
                        added);
            }
            Integer mtuBefore = entry.mtuBefore() != null ? entry.mtuBefore() : mtu ? live.mtu() : null;
            int finalMtu = mtu ? t.mtu() : live.mtu();
            Map<String, Integer> sysctlsBefore = sysctls(t, live, entry);
            boolean ours = entry.shaped() && live.htbRoot();
            shaping(t, live, ours);
            before.put(
                    t.device(),
                    new LinkLedger.Entry(strings(owned, added), mtuBefore, ours || t.shaping() != null, sysctlsBefore));
            // a setting back at its value from before flywall is no longer flywall's
            Map<String, Integer> stillChanged = new TreeMap<>();
            sysctlsBefore.forEach((n, v) -> {
                Integer now = t.sysctls().getOrDefault(n, live.sysctls().get(n));
                if (!v.equals(now)) {
                    stillChanged.put(n, v);
                }
            });
            after.put(
                    t.device(),
                    new LinkLedger.Entry(
                            strings(kept, added),
                            mtuBefore != null && finalMtu != mtuBefore ? mtuBefore : null,
                            t.shaping() != null,
                            stillChanged));
        }

        /**
         * The sysctl lines of a device's IPv6 settings that differ from the target (after its link
         * and addresses); returns the values from before flywall, the ledger's and the ones it changes now.
         */
        private Map<String, Integer> sysctls(Target t, LiveLinks.Live live, LinkLedger.Entry entry) {
            Map<String, Integer> before = new TreeMap<>(entry.sysctlsBefore());
            t.sysctls().forEach((name, value) -> {
                Integer now = live.sysctls().get(name);
                if (now == null || now.equals(value)) {
                    return;
                }
                before.putIfAbsent(name, now);
                sysctl.add(LiveLinks.sysctlKey(t.device(), name) + "=" + value);
                plan.add(new Line('~', "sysctl " + t.device() + " " + name + ": " + now + " -> " + value));
            });
            return before;
        }

        private void addresses(String dev, List<Cidr> removed, List<Cidr> added) {
            removed.forEach(a -> {
                deletes.add("address del " + a + " dev " + dev);
                plan.add(new Line('-', "address " + a + " dev " + dev));
            });
            added.forEach(a -> {
                adds.add("address add " + a + " dev " + dev);
                plan.add(new Line('+', "address " + a + " dev " + dev));
            });
        }

        /** Up (first), down (last) and the MTU (first); true when the MTU changes. */
        private boolean link(Target t, LiveLinks.Live live) {
            String dev = t.device();
            boolean mtu = t.mtu() != null && t.mtu() != live.mtu();
            boolean up = Boolean.TRUE.equals(t.up()) && !live.up();
            boolean down = Boolean.FALSE.equals(t.up()) && live.up();
            if (mtu || up) {
                first.add("link set dev " + dev + (mtu ? " mtu " + t.mtu() : "") + (up ? " up" : ""));
            }
            if (down) {
                // last: a link set down drops its IPv6 addresses, after they were put as the target has them
                last.add("link set dev " + dev + " down");
            }
            if (up || down) {
                plan.add(new Line('~', "link " + dev + ": " + (up ? "down -> up" : "up -> down")));
            }
            if (mtu) {
                plan.add(new Line('~', "mtu " + dev + ": " + live.mtu() + " -> " + t.mtu()));
            }
            return mtu;
        }

        private static List<String> strings(Set<Cidr> kept, List<Cidr> added) {
            List<String> out = new ArrayList<>(kept.stream().map(Cidr::toString).toList());
            added.forEach(a -> out.add(a.toString()));
            return out;
        }

        private void shaping(Target t, LiveLinks.Live live, boolean ours) {
            String dev = t.device();
            LinkState.Shape want = t.shaping();
            LinkState.Shape have = ours ? live.shaping() : null;
            if (want != null && !want.equals(have)) {
                List<String> lines = ShapingBatch.lines(dev, want.rateBps(), want.leaf());
                if (have != null) {
                    // HTB refuses to change its root ("Change operation not supported"): flywall's stays
                    lines = lines.subList(1, lines.size());
                } else if (live.htbRoot()) {
                    // an HTB 1: that is not flywall's shape: replaced as a whole, not merged into
                    tc.add("qdisc del dev " + dev + " root");
                }
                tc.addAll(lines);
                plan.add(
                        have == null
                                ? new Line('+', "shaping " + dev + " " + want.rate())
                                : new Line('~', "shaping " + dev + ": " + describe(have) + " -> " + describe(want)));
                int preferred = ShapingBatch.LEAVES.indexOf(want.leaf());
                if (preferred > 0) {
                    List<String> missing = ShapingBatch.LEAVES.subList(0, preferred);
                    notes.add("Shaping " + dev + " to " + want.rate() + " with HTB + " + want.leaf()
                            + ": this kernel has no " + or(missing) + ".");
                }
            } else if (want == null && ours) {
                tc.add("qdisc del dev " + dev + " root");
                plan.add(new Line('-', "shaping " + dev));
            }
        }

        private static String describe(LinkState.Shape s) {
            return s.rate() + " with " + s.leaf();
        }

        private static String or(List<String> words) {
            if (words.size() == 1) {
                return words.get(0);
            }
            return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
        }
    }

    boolean isEmpty() {
        return ip.isEmpty() && sysctl.isEmpty() && tc.isEmpty();
    }

    String firstStep() {
        return !ip.isEmpty() ? "ip -batch" : !sysctl.isEmpty() ? "sysctl" : "tc -batch";
    }

    /** The ip batch, then (after {@code pause}) the tc batch; a refused line is an {@link ApplyException}. */
    void run(Kernel kernel, Transaction.Pause pause) throws IOException, InterruptedException, ApplyException {
        if (!ip.isEmpty()) {
            Kernel.Result r = kernel.runOnFile(String.join("\n", ip) + "\n", "ip", "-batch");
            if (!r.ok()) {
                throw new ApplyException("ip -batch (links and addresses) failed: "
                        + r.err().strip().replace('\n', ' '));
            }
        }
        if (!sysctl.isEmpty()) {
            // after the links are up (a device's IPv6 settings exist once it has IPv6)
            List<String> command = new java.util.ArrayList<>(List.of("sysctl", "-q", "-w"));
            command.addAll(sysctl);
            Kernel.Result r = kernel.run("", command.toArray(String[]::new));
            if (!r.ok()) {
                throw new ApplyException(
                        "sysctl (IPv6 settings) failed: " + r.err().strip().replace('\n', ' '));
            }
        }
        if (!tc.isEmpty()) {
            if (!ip.isEmpty() || !sysctl.isEmpty()) {
                pause.before("tc -batch");
            }
            Kernel.Result r = kernel.runOnFile(String.join("\n", tc) + "\n", "tc", "-batch");
            if (!r.ok()) {
                throw new ApplyException(
                        "tc -batch (shaping) failed: " + r.err().strip().replace('\n', ' '));
            }
        }
    }
}
