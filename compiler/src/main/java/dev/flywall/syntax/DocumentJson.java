package dev.flywall.syntax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluated document as JSON, in the shape of HCL's JSON syntax: attributes are properties,
 * a block is nested under its type and then each of its labels; where the same type and labels
 * occur more than once, the bodies form an array. Source order is kept.
 */
public final class DocumentJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private DocumentJson() {}

    public static ObjectNode toJson(Document document) {
        ObjectNode root = JSON.objectNode();
        body(document, document.items(), root);
        return root;
    }

    private static void body(Document document, List<BodyItem> items, ObjectNode into) {
        for (BodyItem item : items) {
            switch (item) {
                case Attribute a -> into.set(a.name(), value(document.evaluate(a.value())));
                case Block b -> block(document, b, into);
            }
        }
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
            case Value.NumberValue n -> number(n.value());
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

    private static JsonNode number(BigDecimal n) {
        BigDecimal v = n.stripTrailingZeros();
        if (v.scale() <= 0 && v.precision() - v.scale() <= 18) {
            return JSON.numberNode(v.longValueExact());
        }
        return JSON.numberNode(v);
    }
}
