package dev.flywall.runtime.watchdog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Resolves {@link WatchdogConfig.SecretRef}s when the daemon needs them: environment variables
 * of the daemon's process, files (trailing newline dropped, as {@code file()} in HCL would), and
 * the values of the bundle's {@code secrets.json}. A secret that cannot be resolved is an error
 * naming the reference, never the value.
 */
public final class Secrets {

    private final Map<String, String> bundled;
    private final Function<String, String> env;

    public Secrets(Map<String, String> bundled, Function<String, String> env) {
        this.bundled = Map.copyOf(bundled);
        this.env = env;
    }

    /** From a bundle's files ({@code secrets.json} when present) and the process environment. */
    public static Secrets of(Map<String, String> bundle) throws IOException {
        Map<String, String> values = new TreeMap<>();
        String json = bundle.get("secrets.json");
        if (json != null) {
            JsonNode root = new ObjectMapper().readTree(json);
            root.fields()
                    .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        return new Secrets(values, System::getenv);
    }

    public static Secrets none() {
        return new Secrets(Map.of(), name -> null);
    }

    public String resolve(WatchdogConfig.SecretRef ref) throws IOException {
        if (ref.env().isPresent()) {
            String v = env.apply(ref.env().get());
            if (v == null) {
                throw new IOException("the environment variable " + ref.env().get() + " is not set");
            }
            return v;
        }
        if (ref.file().isPresent()) {
            String v = Files.readString(Path.of(ref.file().get()), StandardCharsets.UTF_8);
            return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
        }
        Optional<String> key = ref.bundled();
        if (key.isPresent() && bundled.containsKey(key.get())) {
            return bundled.get(key.get());
        }
        throw new IOException("the secret " + key.orElse("(empty reference)") + " is missing from secrets.json");
    }
}
