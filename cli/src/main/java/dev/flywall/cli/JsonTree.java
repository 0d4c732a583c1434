package dev.flywall.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a JSON document into Jackson's tree with the streaming parser, without an {@code
 * ObjectMapper}: the nodes are those {@code ObjectMapper.readTree} makes with its defaults (ints,
 * longs and big integers by size, doubles for fractions), so callers see no difference.
 *
 * <p>Why: the {@code wan} commands read one small document from the daemon, and building an
 * ObjectMapper (its class initialisers: date formats, serializer factories, the annotation
 * introspector) was a third of {@code wan status}'s Java work in a JFR profile of ten runs.
 */
final class JsonTree {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /** The document's root node. */
    static JsonNode parse(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IOException("no JSON document (empty input)");
            }
            JsonNode root = read(parser, token);
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON document at " + parser.currentLocation());
            }
            return root;
        }
    }

    /** The value that starts at {@code token}; containers are filled without recursion. */
    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        if (!token.isStructStart()) {
            return scalar(parser, token);
        }
        ContainerNode<?> root = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        open.push(root);
        String field = null;
        while (!open.isEmpty()) {
            token = parser.nextToken();
            if (token == null) {
                throw new IOException("the JSON document ends inside a value");
            }
            if (token == JsonToken.FIELD_NAME) {
                field = parser.currentName();
                continue;
            }
            if (token.isStructEnd()) {
                open.pop();
                continue;
            }
            JsonNode value = token.isStructStart()
                    ? (token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode())
                    : scalar(parser, token);
            if (open.peek() instanceof ObjectNode object) {
                object.set(field, value);
            } else {
                ((ArrayNode) open.peek()).add(value);
            }
            if (token.isStructStart()) {
                open.push((ContainerNode<?>) value);
            }
        }
        return root;
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
        };
    }
}
