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
 * the values of maps of secrets, become {@code "(sensitive)"}, and so do the path and query of a
 * webhook URL (see {@link #webhookOrigin}). References such as
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
            if (spec.type().equals("webhook") && key.equals("url") && value.isTextual()) {
                node.put(key, webhookOrigin(value.asText()));
            }
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

    /**
     * A webhook URL with its path and query hidden: Slack, Discord and Teams put the token there.
     * {@code https://hooks.slack.com/services/T0/B0/XYZ} is shown as
     * {@code https://hooks.slack.com/(sensitive)}.
     */
    public static String webhookOrigin(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*@)?([^/?#@]*)")
                .matcher(url);
        if (!m.find()) {
            return REDACTED;
        }
        String origin = m.group(1) + m.group(3); // user:password@ is dropped too
        return m.group(2) == null && m.end() == url.length() ? url : origin + "/" + REDACTED;
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
