package dev.flywall.lsp;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Attribute;
import dev.flywall.syntax.Block;
import dev.flywall.syntax.Body;
import dev.flywall.syntax.ConfigFile;
import dev.flywall.syntax.TemplatePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names blocks define and the places that use them, across the files of a configuration:
 * interfaces (named by members, match.interface and policy routes), uplink groups (policy routes)
 * and ipsets ({@code "@NAME"} in match.source and match.destination).
 */
final class Names {

    /** What a name names; {@link #UPLINK} is a use that may name an interface or a group. */
    enum Kind {
        INTERFACE,
        UPLINK_GROUP,
        IPSET,
        UPLINK
    }

    /** One appearance of a name: its definition (a block's label) or a use, with its span. */
    record Occurrence(String uri, SourceFile source, SourceSpan span, Kind kind, String name, boolean definition) {

        boolean refersTo(Occurrence def) {
            return name.equals(def.name)
                    && (kind == def.kind
                            || kind == Kind.UPLINK && (def.kind == Kind.INTERFACE || def.kind == Kind.UPLINK_GROUP));
        }
    }

    private static final Map<String, Kind> DEFINING = Map.of(
            "interface", Kind.INTERFACE,
            "uplink_group", Kind.UPLINK_GROUP,
            "ipset", Kind.IPSET);

    private Names() {}

    static List<Occurrence> all(Analysis analysis) {
        List<Occurrence> all = new ArrayList<>();
        for (Map.Entry<String, ConfigFile> file : analysis.files()) {
            String uri = file.getKey();
            SourceFile source = file.getValue().source();
            for (Block b : file.getValue().body().blocks()) {
                Kind kind = DEFINING.get(b.type());
                if (kind != null && b.labels().size() == 1) {
                    Block.Label label = b.labels().get(0);
                    all.add(new Occurrence(uri, source, Syntax.inner(label.span(), 1, 1), kind, label.value(), true));
                }
                uses(uri, source, b, all);
            }
        }
        return all;
    }

    /** The names used in a block and the blocks it holds. */
    private static void uses(String uri, SourceFile source, Block block, List<Occurrence> out) {
        for (Block nested : block.body().blocks()) {
            if (block.type().equals("uplink_group")
                    && nested.type().equals("member")
                    && nested.labels().size() == 1) {
                Block.Label label = nested.labels().get(0);
                out.add(new Occurrence(
                        uri, source, Syntax.inner(label.span(), 1, 1), Kind.INTERFACE, label.value(), false));
            }
            uses(uri, source, nested, out);
        }
        Body body = block.body();
        if (block.type().equals("policy_route")) {
            strings(body, "uplink").forEach(s -> out.add(use(uri, source, s, Kind.UPLINK)));
        }
        if (block.type().equals("match")) {
            strings(body, "interface").forEach(s -> out.add(use(uri, source, s, Kind.INTERFACE)));
            for (String attribute : Set.of("source", "destination")) {
                for (TemplatePart.Literal s : strings(body, attribute)) {
                    if (s.text().startsWith("@") && s.text().length() > 1) {
                        out.add(new Occurrence(
                                uri,
                                source,
                                Syntax.inner(s.span(), 1, 0),
                                Kind.IPSET,
                                s.text().substring(1),
                                false));
                    }
                }
            }
        }
    }

    private static Occurrence use(String uri, SourceFile source, TemplatePart.Literal s, Kind kind) {
        return new Occurrence(uri, source, s.span(), kind, s.text(), false);
    }

    private static List<TemplatePart.Literal> strings(Body body, String attribute) {
        return body.attribute(attribute)
                .map(Attribute::value)
                .map(Syntax::plainStrings)
                .orElse(List.of());
    }

    /** The name under the cursor in the document {@code uri}. */
    static Optional<Occurrence> at(List<Occurrence> all, String uri, Positions.Cursor cursor) {
        return all.stream()
                .filter(o -> o.uri().equals(uri) && cursor.within(o.span()))
                .findFirst();
    }

    /** The definitions a name (a definition or a use) stands for. */
    static List<Occurrence> definitions(List<Occurrence> all, Occurrence o) {
        if (o.definition()) {
            return List.of(o);
        }
        return all.stream().filter(d -> d.definition() && o.refersTo(d)).toList();
    }

    /** Every use of what the name under the cursor stands for, with its definitions if asked. */
    static List<Occurrence> references(List<Occurrence> all, Occurrence o, boolean withDefinitions) {
        List<Occurrence> defs = definitions(all, o);
        List<Occurrence> found = new ArrayList<>();
        for (Occurrence x : all) {
            boolean match = x.definition()
                    ? withDefinitions && defs.contains(x)
                    : defs.stream().anyMatch(x::refersTo) || defs.isEmpty() && x.refersTo(o);
            if (match) {
                found.add(x);
            }
        }
        return found;
    }

    /** The names defined as blocks of the given kind, in file order. */
    static List<String> defined(List<Occurrence> all, Kind kind) {
        return all.stream()
                .filter(o -> o.definition() && o.kind() == kind)
                .map(Occurrence::name)
                .distinct()
                .toList();
    }
}
