package dev.flywall;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywall.decode.Frontend;
import dev.flywall.diag.Diagnostic;
import dev.flywall.model.Config;
import dev.flywall.plan.MarkLayout;
import dev.flywall.plan.Planner;
import dev.flywall.render.HaFiles;
import dev.flywall.render.Renderer;
import dev.flywall.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiler: configuration files in, kernel state out — an nft ruleset, ip batches and the
 * watchdog configuration. A pure function: the same files (in any order) and variables give
 * byte-identical artifacts; nothing on the host is read or changed.
 */
public final class Compiler {

    /** The rendered files of a compiled configuration. */
    public record Artifacts(
            String rulesetNft,
            String routesIp,
            Optional<String> routes6Ip,
            String watchdogJson,
            Optional<String> secretsJson,
            int ruleCount,
            Optional<String> shapingTc,
            Map<String, String> pppoePeers,
            Map<String, String> haFiles) {

        public Artifacts {
            pppoePeers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pppoePeers));
            haFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(haFiles));
        }

        /**
         * File name → content, in the order they are written: {@code shaping.tc} only when a WAN
         * has a bandwidth, a {@code pppoe-NAME.peers} per PPPoE interface (watchdog.json's
         * {@code peers_file} names it), {@link #KEEPALIVED_CONF} and {@link #CONNTRACKD_CONF} when
         * the configuration has {@code ha}.
         */
        public Map<String, String> files() {
            Map<String, String> files = new java.util.LinkedHashMap<>();
            files.put("ruleset.nft", rulesetNft);
            files.put("routes.ip", routesIp);
            routes6Ip.ifPresent(r -> files.put("routes6.ip", r));
            shapingTc.ifPresent(s -> files.put("shaping.tc", s));
            files.putAll(pppoePeers);
            files.putAll(haFiles);
            files.put("watchdog.json", watchdogJson);
            secretsJson.ifPresent(s -> files.put("secrets.json", s));
            return files;
        }
    }

    /** Diagnostics, and the artifacts when there was no error. */
    public record Result(List<Diagnostic> diagnostics, Optional<Config> config, Optional<Artifacts> artifacts) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The bundle's keepalived configuration of an HA node ({@link HaFiles#keepalived}). */
    public static final String KEEPALIVED_CONF = "keepalived.conf";

    /** The bundle's conntrackd configuration of an HA node ({@link HaFiles#conntrackd}). */
    public static final String CONNTRACKD_CONF = "conntrackd.conf";

    /**
     * The run directory the bundle's HA files name (their FIFO, socket and lock): {@code run/ha}
     * in the configured state directory, where the daemon renders and runs its own copies.
     */
    public static java.nio.file.Path haRunDir(String stateDir) {
        return java.nio.file.Path.of(stateDir, "run", "ha");
    }

    private Compiler() {}

    public static Result compile(List<SourceFile> sources, Map<String, String> vars) {
        List<SourceFile> ordered = new ArrayList<>(sources);
        ordered.sort(Comparator.comparing(SourceFile::name));
        Frontend.Result front = Frontend.load(ordered, vars);
        if (front.config().isEmpty()) {
            return new Result(front.diagnostics(), Optional.empty(), Optional.empty());
        }
        String hash = hash(ordered, vars);
        Planner.Plan plan = Planner.plan(
                front.config().get(),
                new MarkLayout(front.config().get().runtime().markMask()),
                hash);
        String ruleset = Renderer.ruleset(plan.ruleset(), hash);
        Artifacts artifacts = new Artifacts(
                ruleset,
                lines(plan.routes().v4()),
                plan.routes().v6().isEmpty()
                        ? Optional.empty()
                        : Optional.of(lines(plan.routes().v6())),
                json(plan.watchdog()),
                plan.bundledSecrets().isEmpty()
                        ? Optional.empty()
                        : Optional.of(json(JSON.valueToTree(plan.bundledSecrets()))),
                plan.ruleset().ruleCount(),
                plan.shaping().isEmpty() ? Optional.empty() : Optional.of(lines(plan.shaping())),
                plan.pppoePeers(),
                haFiles(plan, front.config().get().runtime().stateDir()));
        return new Result(front.diagnostics(), front.config(), Optional.of(artifacts));
    }

    /** keepalived.conf and conntrackd.conf of an HA node, for the configured state directory; none without ha. */
    private static Map<String, String> haFiles(Planner.Plan plan, String stateDir) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        plan.ha().ifPresent(ha -> {
            java.nio.file.Path runDir = haRunDir(stateDir);
            files.put(KEEPALIVED_CONF, HaFiles.keepalived(ha, runDir));
            files.put(CONNTRACKD_CONF, HaFiles.conntrackd(ha, runDir));
        });
        return files;
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /**
     * Two-space indent, {@code "key": value} (Jackson's default is {@code "key" : value}), empty
     * containers as Jackson writes them ({@code [ ]}, {@code { }}), and a final newline.
     */
    private static final ObjectWriter ARTIFACT_JSON = JSON.writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    static String json(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return ARTIFACT_JSON.writeValueAsString(node) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sha256 of the sources (by name) and variables: what the applied state was made from. */
    static String hash(List<SourceFile> sources, Map<String, String> vars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (SourceFile s : sources) {
                String base = java.nio.file.Path.of(s.name()).getFileName().toString();
                digest.update((base + "\0" + s.text() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            new java.util.TreeMap<>(vars)
                    .forEach((k, v) -> digest.update(("var " + k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
