package dev.flywall.syntax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The evaluated document as JSON, in the shape of HCL's JSON syntax: attributes are properties,
 * a block is nested under its type and then each of its labels; where the same type and labels
 * occur more than once, the bodies form an array. Source order is kept.
 */
public final class DocumentJson {

    private static final JsonNodeFactory JSON = new JsonNodeFactory(true);

    /**
     * A mapper that writes documents as deep as the parser accepts: labels and the root add
     * levels to the brackets, so Jackson's default limit of 1,000 is raised.
     */
    public static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = mapper();

    private DocumentJson() {}

    private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        var factory = com.fasterxml.jackson.core.JsonFactory.builder()
                .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                        .maxNestingDepth(Parser.MAX_NESTING * 4)
                        .build())
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNestingDepth(Parser.MAX_NESTING * 4)
                        .build())
                .build();
        return new com.fasterxml.jackson.databind.ObjectMapper(factory)
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    }

    public static ObjectNode toJson(Document document) {
        return DeepStack.call(() -> {
            ObjectNode root = JSON.objectNode();
            body(document, document.items(), root);
            return root;
        });
    }

    /**
     * A name is an argument or a block type with a fixed number of labels within one body;
     * otherwise the JSON shape would be ambiguous, so the later use is reported and left out.
     */
    private static void body(Document document, List<BodyItem> items, ObjectNode into) {
        // small bodies (most) find the first use of a name by a scan, not a map of their own
        Map<String, BodyItem> shapes = items.size() > SCAN_LIMIT ? new HashMap<>() : null;
        for (int i = 0, n = items.size(); i < n; i++) {
            BodyItem item = items.get(i);
            BodyItem first = shapes != null ? shapes.putIfAbsent(item.name(), item) : firstNamed(items, i);
            if (first != null && !sameShape(first, item)) {
                document.diagnostics()
                        .add(Diagnostic.error(
                                Code.E0120,
                                "Conflicting definitions of \"" + item.name() + "\"",
                                "\"" + item.name() + "\" is used as " + shape(first) + " at line "
                                        + first.nameSpan().start().line() + " and as " + shape(item)
                                        + " here. Use one form.",
                                item.nameSpan()));
                continue;
            }
            switch (item) {
                case Attribute a -> into.set(a.name(), value(document.evaluate(a.value())));
                case Block b -> block(document, b, into);
            }
        }
    }

    private static final int SCAN_LIMIT = 8;

    /** The first of items[0, end) named as items[end], or null. */
    private static BodyItem firstNamed(List<BodyItem> items, int end) {
        String name = items.get(end).name();
        for (int i = 0; i < end; i++) {
            if (items.get(i).name().equals(name)) {
                return items.get(i);
            }
        }
        return null;
    }

    private static boolean sameShape(BodyItem a, BodyItem b) {
        return a instanceof Block x
                && b instanceof Block y
                && x.labels().size() == y.labels().size();
    }

    private static String shape(BodyItem item) {
        return switch (item) {
            case Attribute a -> "an argument";
            case Block b ->
                "a block with " + b.labels().size() + " label" + (b.labels().size() == 1 ? "" : "s");
        };
    }

    private static void block(Document document, Block b, ObjectNode into) {
        ObjectNode parent = into;
        String key = b.type();
        for (Block.Label label : b.labels()) {
            parent = child(parent, key);
            key = label.value();
        }
        ObjectNode content = JSON.objectNode();
        body(document, b.body().items(), content);
        JsonNode existing = parent.get(key);
        if (existing == null) {
            parent.set(key, content);
        } else if (existing instanceof ArrayNode array) {
            array.add(content);
        } else {
            ArrayNode array = JSON.arrayNode();
            array.add(existing);
            array.add(content);
            parent.set(key, array);
        }
    }

    /** The object under key, created if absent (labels of several blocks share their prefixes). */
    private static ObjectNode child(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        if (existing instanceof ObjectNode o) {
            return o;
        }
        ObjectNode created = JSON.objectNode();
        parent.set(key, created);
        return created;
    }

    /** A value as JSON; deferred references become {"deferred": function, "argument": arg}. */
    public static JsonNode value(Value value) {
        return switch (value) {
            case Value.StringValue s -> JSON.textNode(s.value());
            case Value.NumberValue n -> number(n.number());
            case Value.BoolValue b -> JSON.booleanNode(b.value());
            case Value.NullValue n -> JSON.nullNode();
            case Value.Unknown u -> JSON.nullNode();
            case Value.TupleValue t -> {
                ArrayNode array = JSON.arrayNode();
                t.items().forEach(item -> array.add(value(item)));
                yield array;
            }
            case Value.ObjectValue o -> {
                ObjectNode object = JSON.objectNode();
                o.fields().forEach((k, v) -> object.set(k, value(v)));
                yield object;
            }
            case Value.Deferred d -> {
                ObjectNode object = JSON.objectNode();
                object.put("deferred", d.function());
                object.put("argument", d.argument());
                yield object;
            }
        };
    }

    private static JsonNode number(HclNumber number) {
        OptionalLong whole = number.longValue();
        // up to 18 digits, as below: -10^18 < n < 10^18
        if (whole.isPresent()
                && whole.getAsLong() > -1_000_000_000_000_000_000L
                && whole.getAsLong() < 1_000_000_000_000_000_000L) {
            return JSON.numberNode(whole.getAsLong()); // as below, without making a BigDecimal
        }
        BigDecimal n = number.decimal();
        if (n.signum() == 0) {
            return JSON.numberNode(0L);
        }
        BigDecimal v = n.stripTrailingZeros();
        if (v.scale() <= 0 && (long) v.precision() - v.scale() <= 18) {
            return JSON.numberNode(v.longValueExact());
        }
        return JSON.numberNode(v);
    }
}
