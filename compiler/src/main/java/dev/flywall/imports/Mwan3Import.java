package dev.flywall.imports;

import dev.flywall.diag.Diagnostic;
import dev.flywall.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code flywall import mwan3}: an OpenWrt mwan3 configuration ({@code /etc/config/mwan3}), with
 * the interfaces of {@code /etc/config/network}, as a flywall configuration. Pure: text in, text
 * out. What does not map is a {@code #} comment in the output saying why; a file that is not valid
 * UCI gives diagnostics and no output. docs/import.md describes the mapping.
 */
public final class Mwan3Import {

    private static final Pattern HEX_MASK = Pattern.compile("0[xX][0-9a-fA-F]{1,8}");

    /**
     * The configuration text (empty when {@code diagnostics} has errors), the diagnostics of the
     * UCI files, and how many things the comments say were not imported.
     */
    public record Result(String hcl, List<Diagnostic> diagnostics, int notImported) {

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private Mwan3Import() {}

    public static Result convert(SourceFile mwan3, Optional<SourceFile> network) {
        UciParser.Result parsed = UciParser.parse(mwan3);
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        Optional<UciParser.Result> net = network.map(UciParser::parse);
        net.ifPresent(n -> diagnostics.addAll(n.diagnostics()));
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Result("", diagnostics, 0);
        }
        NetworkConfig interfaces = net.map(n -> NetworkConfig.of(n.uci())).orElse(NetworkConfig.empty());
        ImportNotes notes = new ImportNotes();
        HclWriter out = new HclWriter();
        out.header("Imported from " + mwan3.name()
                + network.map(n -> " and " + n.name()).orElse("") + " by flywall import mwan3.");
        out.header("Lines saying \"not imported\" are what flywall cannot express; see docs/import.md.");

        WanImport wans = new WanImport(notes, interfaces, network.isPresent());
        wans.read(parsed.uci());
        GroupImport groups = new GroupImport(notes, wans);
        groups.read(parsed.uci());
        RuleImport rules = new RuleImport(notes, wans, groups);
        rules.read(parsed.uci());

        globals(parsed.uci(), notes, out);
        unknownSections(parsed.uci(), notes, out);
        wans.items().forEach(out::add);
        groups(groups, rules, out);
        groups.comments().forEach(out::add);
        rules.items().forEach(out::add);
        return new Result(out.render(), diagnostics, notes.notImported());
    }

    /** The default group first (flywall's default is the first group), then the others, then sticky copies. */
    private static void groups(GroupImport groups, RuleImport rules, HclWriter out) {
        List<GroupImport.Group> ordered = new ArrayList<>(groups.groups());
        rules.defaultPolicy().flatMap(groups::group).ifPresent(d -> {
            ordered.remove(d);
            ordered.add(0, d);
        });
        for (GroupImport.Group g : ordered) {
            Optional<RuleImport.StickyGroup> sticky =
                    rules.defaultSticky().filter(s -> s.policy().equals(g.name()));
            out.add(g.block(
                    g.name(),
                    sticky.flatMap(RuleImport.StickyGroup::timeout),
                    sticky.isPresent(),
                    "mwan3 policy \"" + g.name() + "\""));
        }
        for (RuleImport.StickyGroup s : rules.stickyGroups()) {
            GroupImport.Group g = groups.group(s.policy()).orElseThrow();
            out.add(g.block(
                    s.name(),
                    s.timeout(),
                    true,
                    "mwan3 policy \"" + g.name()
                            + "\" for its sticky rules: flywall keeps a group's sources on one uplink, so sticky rules get"
                            + " a sticky copy of their policy"));
        }
    }

    private static void globals(dev.flywall.imports.Uci uci, ImportNotes notes, HclWriter out) {
        for (Uci.Section g : uci.sections("globals")) {
            ImportNotes.Used used = new ImportNotes.Used()
                    .add("mmx_mask", "logging", "loglevel", "rt_table_lookup", "local_source", "rtmon_interval");
            HclWriter.Block runtime = new HclWriter.Block("runtime");
            List<HclWriter.Item> comments = new ArrayList<>();
            g.value("mmx_mask").ifPresent(mask -> {
                String lower = mask.toLowerCase(Locale.ROOT);
                if (lower.equals("0x3f00")) {
                    comments.add(new HclWriter.Comment("mmx_mask '" + mask + "' is mwan3's default: flywall keeps its"
                            + " own default mark bits (runtime { mark_mask = \"0xff00\" })"));
                } else if (HEX_MASK.matcher(mask).matches()) {
                    runtime.comment("mwan3's mmx_mask: the mark bits left to flywall");
                    runtime.argument("mark_mask", HclWriter.string(lower));
                } else {
                    comments.add(notes.skip("mmx_mask " + ImportNotes.quote(mask) + ": not a hex mask; not imported"));
                }
            });
            for (String key : List.of("logging", "loglevel")) {
                g.value(key)
                        .ifPresent(v -> comments.add(notes.skip(key + " " + ImportNotes.quote(v)
                                + ": flywall does not log matched traffic to the firewall log; not imported")));
            }
            for (Uci.Option o : g.all("rt_table_lookup")) {
                comments.add(notes.skip("rt_table_lookup " + ImportNotes.quote(o.value()) + ": flywall lets the main"
                        + " table's routes other than the default win over the uplinks, but scans no other table;"
                        + " not imported"));
            }
            for (String key : List.of("local_source", "rtmon_interval")) {
                g.value(key)
                        .ifPresent(v -> comments.add(notes.skip(key + " " + ImportNotes.quote(v)
                                + ": an option of older mwan3 releases with no flywall equivalent; not imported")));
            }
            comments.addAll(notes.leftovers(g, used));
            comments.forEach(out::add);
            if (!runtime.isEmpty()) {
                out.add(runtime);
            }
        }
    }

    private static void unknownSections(Uci uci, ImportNotes notes, HclWriter out) {
        for (Uci.Section s : uci.sections()) {
            if (!List.of("globals", "interface", "member", "policy", "rule").contains(s.type())) {
                out.add(notes.skip("config " + s.type() + " " + ImportNotes.quote(s.name())
                        + ": not a section type of mwan3; not imported"));
            }
        }
    }
}
