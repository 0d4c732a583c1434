package dev.flywall.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Hides secret values in a document printed as JSON (the shape of
 * {@link dev.flywall.syntax.DocumentJson}): every argument the schema types as a secret, and
 * the values of maps of secrets, become {@code "(sensitive)"}. References such as
 * {@code env("NAME")} are kept — they name where the secret is, not what it is.
 */
public final class SecretRedaction {

    public static final String REDACTED = "(sensitive)";

    private SecretRedaction() {}

    public static void redact(ObjectNode document) {
        body(Schema.ROOT, document);
    }

    private static void body(BlockSpec spec, ObjectNode node) {
        for (String key : new ArrayList<>(iterable(node))) {
            JsonNode value = node.get(key);
            spec.attribute(key).ifPresent(a -> node.set(key, redactIfSecret(a.type(), value)));
            spec.block(key).ifPresent(b -> blocks(b, value, b.labels().size()));
        }
    }

    /** Descends through one object level per label, then into the body (or each body of an array). */
    private static void blocks(BlockSpec spec, JsonNode node, int labelsLeft) {
        if (node instanceof ArrayNode array) {
            array.forEach(element -> blocks(spec, element, labelsLeft));
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        if (labelsLeft == 0) {
            body(spec, object);
            return;
        }
        object.forEach(child -> blocks(spec, child, labelsLeft - 1));
    }

    private static JsonNode redactIfSecret(Type type, JsonNode value) {
        if (isSecret(type)) {
            return value.isTextual() ? TextNode.valueOf(REDACTED) : value;
        }
        if (type instanceof Type.MapOf map && isSecret(map.element()) && value instanceof ObjectNode object) {
            for (String k : new ArrayList<>(iterable(object))) {
                object.set(k, redactIfSecret(map.element(), object.get(k)));
            }
        }
        return value;
    }

    private static boolean isSecret(Type type) {
        return type instanceof Type.Special s && s.kind() == Type.Special.Kind.SECRET;
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
