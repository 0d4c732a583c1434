package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.HealthCheck;
import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds effective health checks from layers of {@code health_check} blocks — a member's over
 * its interface's — then the schema defaults, and checks that each argument fits the check type.
 */
final class HealthChecks {

    /** Arguments that only one check type uses. */
    private static final Map<String, String> ONLY_FOR =
            Map.of("url", "http", "expected_status", "http", "port", "tcp", "query", "dns");

    private final DiagnosticSink problems;

    HealthChecks(DiagnosticSink problems) {
        this.problems = problems;
    }

    /** {@code layers} first to last: the first that sets an argument wins. */
    HealthCheck build(List<DecodedBlock> layers, SourceSpan owner) {
        String type = value(layers, "type");
        // arguments of layers below the one that chose the type belong to another kind of check
        int typeLayer = 0;
        while (typeLayer < layers.size() - 1
                && layers.get(typeLayer).field("type").isEmpty()) {
            typeLayer++;
        }
        for (DecodedBlock layer : layers.subList(0, Math.min(layers.size(), typeLayer + 1))) {
            ONLY_FOR.forEach((arg, onlyType) -> layer.field(arg)
                    .filter(f -> !type.equals(onlyType))
                    .ifPresent(f -> problems.error(
                            Code.E0320,
                            "Conflicting arguments",
                            "\"" + arg + "\" is only used" + " by " + onlyType + " checks, but this check's type is \""
                                    + type + "\".",
                            f.where().span())));
        }
        SourceSpan span = layers.isEmpty() ? owner : layers.get(0).span();
        HealthCheck.Probe probe = switch (type) {
            case "http" -> new HealthCheck.Http(url(layers, span), value(layers, "expected_status"));
            case "tcp" -> new HealthCheck.Tcp(value(layers, "targets"), value(layers, "port"));
            case "dns" -> new HealthCheck.Dns(value(layers, "targets"), value(layers, "query"));
            default -> new HealthCheck.Icmp(value(layers, "targets"));
        };
        HealthCheck check = new HealthCheck(
                probe,
                value(layers, "interval"),
                value(layers, "timeout"),
                value(layers, "threshold_down"),
                value(layers, "threshold_up"),
                value(layers, "reliability"),
                Optional.ofNullable(value(layers, "max_latency")),
                Optional.ofNullable(value(layers, "max_loss")),
                span);
        reliability(layers, check);
        return check;
    }

    private String url(List<DecodedBlock> layers, SourceSpan span) {
        String url = value(layers, "url");
        if (url == null) {
            problems.error(
                    Code.E0409,
                    "Incomplete health check",
                    "An http check needs the url to request, as in"
                            + " url = \"http://connectivitycheck.gstatic.com/generate_204\".",
                    span);
            return "";
        }
        return url;
    }

    private void reliability(List<DecodedBlock> layers, HealthCheck check) {
        int targets = check.probe().targetCount();
        if (check.reliability() > targets) {
            SourceSpan at =
                    field(layers, "reliability").map(f -> f.where().span()).orElse(check.span());
            problems.error(
                    Code.E0305,
                    "Value out of range",
                    "reliability = " + check.reliability() + " asks more targets to answer than the check has ("
                            + targets + "); no round could be good.",
                    at);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(List<DecodedBlock> layers, String name) {
        for (DecodedBlock layer : layers) {
            Optional<DecodedBlock.Field> f = layer.field(name);
            if (f.isPresent()) {
                return (T) f.get().value();
            }
        }
        return (T) Schema.HEALTH_CHECK.attribute(name).orElseThrow().defaultValue();
    }

    static Optional<DecodedBlock.Field> field(List<DecodedBlock> layers, String name) {
        return layers.stream().map(l -> l.field(name)).flatMap(Optional::stream).findFirst();
    }
}
