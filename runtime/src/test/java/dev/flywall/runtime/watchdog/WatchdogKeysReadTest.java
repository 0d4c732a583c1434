package dev.flywall.runtime.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every key the compiler writes into watchdog.json is read by the runtime (issue 12: a field
 * written and never read, like sticky_timeout once, is an argument silently ignored).
 *
 * <p>How "read" is decided, without trusting a list of names: the reader's output is a value
 * ({@link WatchdogConfig} is a tree of records, lists, maps and optionals, compared by value).
 * For each key at each place in a compiled watchdog.json, the test parses two edited copies —
 * the key removed, and its value changed (a number plus one, a bool flipped, a string altered,
 * a hex string another hex number) — and compares each outcome with the outcome of the
 * unedited file (the parsed value, or the exception). A key whose removal and change both leave
 * the outcome equal does not reach what the daemon is given, whatever the parser's code looks
 * like. A key counts as read when any of its occurrences over all compiled files is seen. Keys
 * are named by their path, array positions as {@code []}: {@code groups[].members[].weight}.
 *
 * <p>The files are compiled here from examples/ and from the compiler's effect scenarios
 * (compiler/src/test/resources/effect/), which set every argument of the schema.
 */
class WatchdogKeysReadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyKeyTheCompilerWritesIsReadByTheRuntime() throws IOException {
        Map<String, Boolean> read = new TreeMap<>();
        for (Map.Entry<String, String> file : CompiledWatchdogs.all().entrySet()) {
            JsonNode root = JSON.readTree(file.getValue());
            Object unedited = outcome(root);
            assertThat(unedited).as("%s parses", file.getKey()).isInstanceOf(WatchdogConfig.class);
            for (KeyAt key : keys(root, "", new ArrayList<>())) {
                boolean seen = !Objects.equals(outcome(key.edited(root, false)), unedited)
                        || !Objects.equals(outcome(key.edited(root, true)), unedited);
                read.merge(key.path(), seen, Boolean::logicalOr);
            }
        }
        assertThat(read)
                .as("keys found")
                .containsKeys(
                        "schema_version",
                        "groups[].members[].health_check.interval_ms",
                        "groups[].sticky_timeout_ms",
                        "notifications.webhook.timeout_ms",
                        "runtime.history_retention_s",
                        "maintenance[].time_zone",
                        "maintenance[].days",
                        "maintenance[].duration_ms",
                        "maintenance[].until");
        Set<String> unread = new TreeSet<>();
        read.forEach((path, seen) -> {
            if (!seen) {
                unread.add(path);
            }
        });
        assertThat(unread)
                .as("keys written into watchdog.json that WatchdogConfig.parse ignores: read them where the"
                        + " daemon needs them, or stop writing them")
                .isEmpty();
    }

    @Test
    void aKeyTheParserIgnoresIsFound() throws IOException {
        String compiled = CompiledWatchdogs.all().values().iterator().next();
        ObjectNode root = (ObjectNode) JSON.readTree(compiled);
        ((ObjectNode) root.get("runtime")).put("history_retention_days", 7);
        Object unedited = outcome(root);
        KeyAt ignored = keys(root, "", new ArrayList<>()).stream()
                .filter(k -> k.path().equals("runtime.history_retention_days"))
                .findFirst()
                .orElseThrow();
        assertThat(outcome(ignored.edited(root, false))).isEqualTo(unedited);
        assertThat(outcome(ignored.edited(root, true))).isEqualTo(unedited);
        KeyAt retention = keys(root, "", new ArrayList<>()).stream()
                .filter(k -> k.path().equals("runtime.history_retention_s"))
                .findFirst()
                .orElseThrow();
        assertThat(outcome(retention.edited(root, true))).isNotEqualTo(unedited);
    }

    /** The parsed config, or the class and message of what parsing threw. */
    private static Object outcome(JsonNode root) {
        try {
            return WatchdogConfig.parse(JSON.writeValueAsString(root));
        } catch (IOException | RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** One object member: its path for people, and the steps (names and array indexes) to it. */
    private record KeyAt(String path, List<Object> steps) {

        /** A copy of the tree with this member removed, or its value changed. */
        JsonNode edited(JsonNode root, boolean change) {
            JsonNode copy = root.deepCopy();
            JsonNode parent = copy;
            for (Object step : steps.subList(0, steps.size() - 1)) {
                parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
            }
            String name = (String) steps.get(steps.size() - 1);
            ObjectNode object = (ObjectNode) parent;
            if (change) {
                object.set(name, changed(object.get(name)));
            } else {
                object.remove(name);
            }
            return copy;
        }
    }

    private static List<KeyAt> keys(JsonNode node, String path, List<Object> steps) {
        List<KeyAt> out = new ArrayList<>();
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String p = path.isEmpty() ? name : path + "." + name;
                List<Object> s = append(steps, name);
                out.add(new KeyAt(p, s));
                out.addAll(keys(node.get(name), p, s));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(keys(node.get(i), path + "[]", append(steps, i)));
            }
        }
        return out;
    }

    private static List<Object> append(List<Object> steps, Object step) {
        List<Object> out = new ArrayList<>(steps);
        out.add(step);
        return out;
    }

    /** Another value of the same kind: containers get one more element, scalars another value. */
    private static JsonNode changed(JsonNode value) {
        if (value.isNumber()) {
            return JSON.getNodeFactory().numberNode(value.asLong() + 1);
        }
        if (value.isBoolean()) {
            return JSON.getNodeFactory().booleanNode(!value.asBoolean());
        }
        if (value.isTextual()) {
            String s = value.asText();
            return TextNode.valueOf(
                    s.matches("0x[0-9a-fA-F]+") ? "0x" + Long.toHexString(Long.decode(s) + 1) : s + "1");
        }
        if (value.isArray()) {
            ArrayNode more = value.deepCopy();
            more.add(value.isEmpty() ? TextNode.valueOf("x") : value.get(0).deepCopy());
            return more;
        }
        ObjectNode more = value.deepCopy();
        more.put("added_by_test", "x");
        return more;
    }
}
