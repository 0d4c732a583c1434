package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.source.SourceSpan;
import dev.flywall.syntax.Attribute;
import dev.flywall.syntax.Block;
import dev.flywall.syntax.BodyItem;
import dev.flywall.syntax.Document;
import dev.flywall.syntax.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a document against the {@link Schema} and decodes every argument it knows: unknown
 * blocks and arguments (with "did you mean"), wrong types, values out of range, missing
 * required arguments, wrong labels, repeated single blocks. Everything it can decode is kept,
 * so one mistake does not hide the next.
 */
final class Decoder {

    private final Document document;
    private final DiagnosticSink problems;

    Decoder(Document document, DiagnosticSink problems) {
        this.document = document;
        this.problems = problems;
    }

    /** The whole document as the root block. */
    DecodedBlock root() {
        Block pseudo = new Block("", null, List.of(), null, null);
        return body(Schema.ROOT, pseudo, List.of(), document.items());
    }

    /** Arguments that were written but failed to decode: already reported, so not "missing". */
    private final java.util.Set<Attribute> failed =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private DecodedBlock body(BlockSpec spec, Block syntax, List<String> labels, List<BodyItem> items) {
        Map<String, DecodedBlock.Field> fields = new LinkedHashMap<>();
        Map<String, List<DecodedBlock>> blocks = new LinkedHashMap<>();
        for (BodyItem item : items) {
            switch (item) {
                case Attribute a -> attribute(spec, a, fields);
                case Block b -> block(spec, b, blocks);
            }
        }
        if (syntax.nameSpan() != null) {
            missing(spec, syntax, fields, blocks);
        }
        return new DecodedBlock(spec, syntax, labels, fields, blocks);
    }

    private void attribute(BlockSpec spec, Attribute a, Map<String, DecodedBlock.Field> fields) {
        Optional<AttributeSpec> attr = spec.attribute(a.name());
        if (attr.isEmpty()) {
            unknownArgument(spec, a);
            return;
        }
        Value value = document.evaluate(a.value());
        if (value instanceof Value.NullValue) {
            return; // null means "not set", as in HCL
        }
        Optional<Object> decoded = attr.get().type().decode(value, Located.of(a.value()), problems);
        decoded.ifPresent(v -> fields.put(a.name(), new DecodedBlock.Field(v, Located.of(a.value()))));
        if (decoded.isEmpty()) {
            failed.add(a);
        }
    }

    private void unknownArgument(BlockSpec spec, Attribute a) {
        String where = spec.type().isEmpty() ? "at the top level" : "in " + DiagnosticSink.a(spec.type()) + " block";
        if (spec.block(a.name()).isPresent()) {
            problems.error(
                    Code.E0302,
                    "Unsupported argument \"" + a.name() + "\"",
                    "\"" + a.name() + "\" is a block," + " not an argument: write " + a.name()
                            + " { ... } without \"=\".",
                    a.nameSpan());
            return;
        }
        List<String> names = spec.attributes().stream().map(AttributeSpec::name).toList();
        String known = names.isEmpty()
                ? "No arguments are allowed " + where + "."
                : "The arguments " + where + " are " + String.join(", ", names) + ".";
        problems.error(
                Code.E0302,
                "Unsupported argument \"" + a.name() + "\"",
                "flywall does not know an argument \"" + a.name() + "\" " + where + ". " + known,
                a.nameSpan(),
                DiagnosticSink.didYouMean(a.name(), names));
    }

    private void block(BlockSpec spec, Block b, Map<String, List<DecodedBlock>> blocks) {
        Optional<BlockSpec> nested = spec.block(b.type());
        if (nested.isEmpty()) {
            unknownBlock(spec, b);
            return;
        }
        BlockSpec ns = nested.get();
        List<DecodedBlock> existing = blocks.computeIfAbsent(ns.type(), k -> new ArrayList<>());
        if (!ns.repeatable() && !existing.isEmpty()) {
            String parent = spec.type().isEmpty()
                    ? "A configuration"
                    : Value.capitalized(DiagnosticSink.a(spec.type())) + " block";
            problems.error(
                    Code.E0306,
                    "Duplicate " + ns.type() + " block",
                    parent + " has at most one " + ns.type()
                            + " block; the first is at line "
                            + existing.get(0).syntax().nameSpan().start().line()
                            + ". Merge them into one.",
                    b.nameSpan());
            return;
        }
        Optional<List<String>> labels = labels(ns, b);
        if (labels.isEmpty()) {
            return;
        }
        existing.add(body(ns, b, labels.get(), b.body().items()));
    }

    private void unknownBlock(BlockSpec spec, Block b) {
        String where = spec.type().isEmpty() ? "at the top level" : "in " + DiagnosticSink.a(spec.type()) + " block";
        if (spec.attribute(b.type()).isPresent()) {
            problems.error(
                    Code.E0301,
                    "Unsupported block type \"" + b.type() + "\"",
                    "\"" + b.type() + "\" is an argument, not a block: write " + b.type() + " = value.",
                    b.nameSpan());
            return;
        }
        List<String> names = spec.blocks().stream().map(BlockSpec::type).toList();
        String known = names.isEmpty()
                ? "No blocks are allowed " + where + "."
                : "The blocks " + where + " are " + String.join(", ", names) + ".";
        problems.error(
                Code.E0301,
                "Unsupported block type \"" + b.type() + "\"",
                "flywall does not know a block \"" + b.type() + "\" " + where + ". " + known,
                b.nameSpan(),
                DiagnosticSink.didYouMean(b.type(), names));
    }

    private Optional<List<String>> labels(BlockSpec spec, Block b) {
        if (b.labels().size() != spec.labels().size()) {
            String want = spec.labels().isEmpty()
                    ? "no labels"
                    : spec.labels().size() == 1
                            ? "one label, its " + spec.labels().get(0).name().toLowerCase(java.util.Locale.ROOT)
                            : spec.labels().size() + " labels";
            SourceSpan at = b.labels().isEmpty()
                    ? b.nameSpan()
                    : b.labels()
                            .get(0)
                            .span()
                            .to(b.labels().get(b.labels().size() - 1).span());
            problems.error(
                    Code.E0307,
                    "Wrong labels for " + spec.type() + " block",
                    Value.capitalized(DiagnosticSink.a(spec.type())) + " block takes " + want + ": " + spec.header()
                            + " { ... }.",
                    at);
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.labels().size(); i++) {
            Block.Label label = b.labels().get(i);
            Optional<Object> v = spec.labels()
                    .get(i)
                    .type()
                    .decode(Value.of(label.value()), new Located(null, label.span()), problems);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            out.add((String) v.get());
        }
        return Optional.of(out);
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private void missing(
            BlockSpec spec,
            Block syntax,
            Map<String, DecodedBlock.Field> fields,
            Map<String, List<DecodedBlock>> blocks) {
        for (AttributeSpec attr : spec.attributes()) {
            Optional<Attribute> written = syntax.body().attribute(attr.name());
            boolean reported = written.filter(failed::contains).isPresent()
                    || !syntax.body().blocks(attr.name()).isEmpty(); // written as a block: E0301 says so
            if (attr.required() && !fields.containsKey(attr.name()) && !reported) {
                String detail = Value.capitalized(DiagnosticSink.a(spec.type())) + " block needs \"" + attr.name()
                        + "\": " + lowerFirst(attr.doc())
                        + (written.isPresent() ? " It is set to null here, which means unset." : "");
                problems.error(
                        Code.E0304,
                        "Missing required argument \"" + attr.name() + "\"",
                        detail,
                        written.map(Attribute::nameSpan).orElse(syntax.headerSpan()));
            }
        }
        for (BlockSpec nested : spec.blocks()) {
            if (nested.requiredBlock()
                    && !blocks.containsKey(nested.type())
                    && syntax.body().blocks(nested.type()).isEmpty()
                    && syntax.body().attribute(nested.type()).isEmpty()) { // written as an argument: E0302 says so
                problems.error(
                        Code.E0304,
                        "Missing " + nested.type() + " block",
                        Value.capitalized(DiagnosticSink.a(spec.type())) + " block needs a " + nested.type()
                                + " block: " + nested.doc(),
                        syntax.headerSpan());
            }
        }
    }
}
