package dev.flywall.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * mwan3's members and policies as flywall {@code uplink_group}s: a member's metric is its
 * priority, its weight its weight; members of equal metric form a tier, and a policy whose members
 * all share one metric balances ({@code mode = "balance"}), any other fails over tier by tier.
 */
final class GroupImport {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    /** One imported member: the flywall interface and mwan3's metric and weight. */
    record Member(String device, int metric, int weight) {}

    /** An imported policy. */
    record Group(String name, List<Member> members, boolean balance, String lastResort, List<HclWriter.Item> notes) {

        /** The uplink_group block, under a name of its own (sticky copies) and with stickiness. */
        HclWriter.Block block(String groupName, Optional<String> stickyTimeout, boolean sticky, String origin) {
            HclWriter.Block b = new HclWriter.Block("uplink_group", groupName);
            b.comment(origin);
            notes.forEach(b::add);
            b.argument("mode", HclWriter.string(balance ? "balance" : "failover"));
            if (sticky) {
                b.argument("sticky", "true");
                stickyTimeout.ifPresent(t -> b.argument("sticky_timeout", HclWriter.string(t)));
            }
            for (Member m : members) {
                HclWriter.Block member = new HclWriter.Block("member", m.device());
                if (!balance) {
                    member.argument("priority", String.valueOf(m.metric()));
                }
                member.argument("weight", String.valueOf(m.weight()));
                b.block(member);
            }
            return b;
        }

        /** Whether routes through this group refuse traffic while all its members are down. */
        boolean strict() {
            return !lastResort.equals("default");
        }
    }

    private final ImportNotes notes;
    private final WanImport wans;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Why a policy was not imported, for the rules that use it. */
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private final List<HclWriter.Item> comments = new ArrayList<>();

    GroupImport(ImportNotes notes, WanImport wans) {
        this.notes = notes;
        this.wans = wans;
    }

    Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    Optional<String> whySkipped(String name) {
        return Optional.ofNullable(skipped.get(name));
    }

    List<Group> groups() {
        return List.copyOf(groups.values());
    }

    /** Comments about members and policies that were not imported. */
    List<HclWriter.Item> comments() {
        return comments;
    }

    void read(Uci mwan3) {
        Map<String, Uci.Section> members = new LinkedHashMap<>();
        for (Uci.Section m : mwan3.sections("member")) {
            members.put(m.name(), m);
        }
        Set<String> usedMembers = new LinkedHashSet<>();
        for (Uci.Section p : mwan3.sections("policy")) {
            policy(p, members, usedMembers);
        }
        for (Uci.Section m : members.values()) {
            if (!usedMembers.contains(m.name())) {
                comments.add(notes.skip("mwan3 member \"" + m.name() + "\" is in no policy: not imported"));
            }
        }
    }

    private void policy(Uci.Section p, Map<String, Uci.Section> members, Set<String> usedMembers) {
        List<HclWriter.Item> policyNotes = new ArrayList<>();
        List<Member> imported = new ArrayList<>();
        for (Uci.Option use : p.all("use_member")) {
            usedMembers.add(use.value());
            Uci.Section m = members.get(use.value());
            if (m == null) {
                policyNotes.add(notes.skip("use_member " + ImportNotes.quote(use.value())
                        + ": no mwan3 member has this name; not imported"));
                continue;
            }
            member(m, imported, policyNotes);
        }
        String lastResort = p.value("last_resort").orElse("unreachable");
        if (!List.of("unreachable", "blackhole", "default").contains(lastResort)) {
            policyNotes.add(notes.skip("last_resort " + ImportNotes.quote(lastResort)
                    + ": not unreachable, blackhole or default; mwan3 reads it as 'unreachable'"));
            lastResort = "unreachable";
        }
        ImportNotes.Used used = new ImportNotes.Used().add("use_member", "last_resort");
        policyNotes.addAll(notes.leftovers(p, used));
        if (imported.isEmpty()) {
            String why = "mwan3 policy \"" + p.name() + "\" has no member that was imported: not imported";
            skipped.put(p.name(), why);
            comments.add(notes.skip(why));
            comments.addAll(policyNotes);
            return;
        }
        policyNotes.add(new HclWriter.Comment(
                lastResortNote(lastResort, p.option("last_resort").isPresent())));
        boolean balance = imported.size() > 1
                && imported.stream().map(Member::metric).distinct().count() == 1;
        groups.put(p.name(), new Group(p.name(), imported, balance, lastResort, policyNotes));
    }

    private static String lastResortNote(String lastResort, boolean written) {
        String given = "last_resort " + ImportNotes.quote(lastResort) + (written ? "" : " (mwan3's default)");
        return switch (lastResort) {
            case "default" -> given + ": while every member is down, its policy routes use the default group";
            case "blackhole" ->
                given + ": while every member is down, its policy routes are strict; flywall refuses the traffic"
                        + " (prohibit) where mwan3 dropped it silently";
            default -> given + ": while every member is down, its policy routes are strict (traffic is refused)";
        };
    }

    private void member(Uci.Section m, List<Member> imported, List<HclWriter.Item> policyNotes) {
        String iface = m.value("interface").orElse("");
        Optional<WanImport.Wan> wan = wans.wan(iface);
        if (wan.isEmpty()) {
            String why = wans.whySkipped(iface)
                    .map(w -> "its interface \"" + iface + "\" was not imported")
                    .orElse(
                            iface.isEmpty()
                                    ? "it names no interface"
                                    : "no mwan3 interface is named \"" + iface + "\"");
            policyNotes.add(notes.skip("member \"" + m.name() + "\": " + why + "; not imported"));
            return;
        }
        int metric = number(m, "metric", 1, 256, policyNotes);
        int weight = number(m, "weight", 1, 1000, policyNotes);
        for (Member other : imported) {
            if (other.device().equals(wan.get().device())) {
                policyNotes.add(notes.skip("member \"" + m.name() + "\": interface \"" + iface
                        + "\" is already a member of this policy (flywall takes each interface once); not imported"));
                return;
            }
        }
        if (metric < 0) {
            policyNotes.add(notes.skip("member \"" + m.name() + "\": metric over 256, which mwan3 leaves out of"
                    + " the policy; not imported"));
            return;
        }
        ImportNotes.Used used = new ImportNotes.Used().add("interface", "metric", "weight");
        policyNotes.addAll(notes.leftovers(m, used));
        imported.add(new Member(wan.get().device(), metric, weight));
    }

    /** metric or weight; 1 when not given or not a number (as mwan3), -1 for a metric over 256. */
    private int number(Uci.Section m, String key, int min, int max, List<HclWriter.Item> policyNotes) {
        Optional<String> text = m.value(key);
        if (text.isEmpty()) {
            return 1;
        }
        if (NUMBER.matcher(text.get()).matches()) {
            int v = Integer.parseInt(text.get());
            if (key.equals("metric") && v > max) {
                return -1;
            }
            if (v >= min && v <= max) {
                return v;
            }
        }
        policyNotes.add(notes.skip("member \"" + m.name() + "\": " + key + " " + ImportNotes.quote(text.get())
                + " is not a whole number from " + min + " to " + max + "; 1 is used"));
        return 1;
    }
}
