package dev.flywall.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;

/**
 * Reads and writes the bundle's JSON files as their records ({@link WatchdogFile},
 * {@link DaemonStateFile}). One mapper for every writer and reader; fields the reader does not
 * know are ignored (a newer compiler may add some within a schema version).
 */
public final class BundleJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private BundleJson() {}

    /** The file as a tree, in component order (for the compiler's printer). */
    public static JsonNode tree(Object record) {
        return JSON.valueToTree(record);
    }

    /**
     * Parses watchdog.json; a wrong schema version, a missing field or an unknown word is an
     * {@link IOException} saying which.
     */
    public static WatchdogFile watchdog(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode version = root.get("schema_version");
        if (version == null || !version.canConvertToInt()) {
            throw new IOException("watchdog.json: missing \"schema_version\"");
        }
        if (version.asInt() != WatchdogFile.SCHEMA_VERSION) {
            throw new IOException(
                    "watchdog.json has schema version " + version.asInt() + "; this flywall reads version "
                            + WatchdogFile.SCHEMA_VERSION + " (re-apply the configuration with this flywall)");
        }
        return bind(root, WatchdogFile.class, "watchdog.json");
    }

    /** Parses daemon-state.json. */
    public static DaemonStateFile daemonState(String json) throws IOException {
        return bind(JSON.readTree(json), DaemonStateFile.class, DaemonStateFile.FILE);
    }

    /** watchdog.json indented, ending in a newline (as the lab writes the copy it rewrites). */
    public static String write(WatchdogFile watchdog) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(watchdog) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** daemon-state.json as the daemon writes it (indented, ending in a newline). */
    public static String write(DaemonStateFile state) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T bind(JsonNode root, Class<T> type, String file) throws IOException {
        try {
            return JSON.treeToValue(root, type);
        } catch (ValueInstantiationException e) {
            // a compact constructor refused: its message names the field
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(file + ": "
                    + (cause instanceof NullPointerException
                            ? "missing \"" + cause.getMessage() + "\""
                            : cause.getMessage())
                    + at(e));
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + e.getOriginalMessage() + at(e));
        }
    }

    private static String at(JsonProcessingException e) {
        return e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                        && !m.getPath().isEmpty()
                ? " (at " + m.getPathReference().replace("dev.flywall.bundle.", "") + ")"
                : "";
    }
}
