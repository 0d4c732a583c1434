package dev.flywall.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.diag.Code;
import dev.flywall.diag.Diagnostic;
import dev.flywall.diag.Severity;
import dev.flywall.source.SourceFile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of the diagnostic tables: a configuration that must produce exactly one diagnostic
 * (its code, severity, summary, where its subject starts, words of its detail, its "did you
 * mean" hint) and one small edit ({@code from} → {@code to}) that turns it into a nearby valid
 * configuration producing no diagnostics at all.
 *
 * <p>Build rows with {@link #error} or {@link #warning}, then {@code detail}, {@code hint},
 * {@code config} and {@code fix}; the table tests call {@link #assertTriggers()} and
 * {@link #assertFixedIsClean()}.
 */
public record DiagnosticCase(
        String name,
        Severity severity,
        Code code,
        String summary,
        String at,
        List<String> detailWords,
        String hint,
        String config,
        String from,
        String to) {

    /** A valid configuration of lines 1–8: one DHCP WAN, the only member of group "default". */
    public static final String ONE_WAN = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan { priority = 1 }
            }
            uplink_group "default" {
              member "eth0" {}
            }
            """;

    /**
     * {@link #ONE_WAN} whose member has a health check: {@code health_check { CHECK }} is line 8
     * and CHECK starts at column 20.
     */
    public static String withMemberCheck(String check) {
        return ONE_WAN.replace("member \"eth0\" {}", "member \"eth0\" {\n    health_check { " + check + " }\n  }");
    }

    /** Lines 1–10: two DHCP WANs, eth0 (priority 1) and eth1 (priority 2), in no group yet. */
    public static final String TWO_WANS = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan { priority = 1 }
            }
            interface "eth1" {
              zone = "WAN"
              dhcp = true
              wan { priority = 2 }
            }
            """;

    /** Lines 11–14 after {@link #TWO_WANS}: the failover group "default" of both. */
    public static final String GROUP = """
            uplink_group "default" {
              member "eth0" {}
              member "eth1" {}
            }
            """;

    public static DiagnosticCase error(Code code, String name, String summary, String at) {
        return new DiagnosticCase(name, Severity.ERROR, code, summary, at, List.of(), null, "", "", "");
    }

    public static DiagnosticCase warning(Code code, String name, String summary, String at) {
        return new DiagnosticCase(name, Severity.WARNING, code, summary, at, List.of(), null, "", "", "");
    }

    /** Words the detail must contain, in any order. */
    public DiagnosticCase detail(String... words) {
        return new DiagnosticCase(name, severity, code, summary, at, List.of(words), hint, config, from, to);
    }

    /** The one hint ("did you mean ...?") the diagnostic must carry; without it, none. */
    public DiagnosticCase hint(String text) {
        return new DiagnosticCase(name, severity, code, summary, at, detailWords, text, config, from, to);
    }

    public DiagnosticCase config(String text) {
        return new DiagnosticCase(name, severity, code, summary, at, detailWords, hint, text, from, to);
    }

    /** A LAN-side interface (W0511's fix). */
    public static final String LAN = """
            interface "lan0" {
              zone = "LAN"
            }
            """;

    /** The edit (first occurrence of {@code wrong} becomes {@code right}) that makes the config valid. */
    public DiagnosticCase fix(String wrong, String right) {
        return new DiagnosticCase(name, severity, code, summary, at, detailWords, hint, config, wrong, right);
    }

    /** The nearby valid configuration. */
    public String fixed() {
        int i = config.indexOf(from);
        assertThat(i)
                .as("%s: the fix's text %s occurs in the config", this, from)
                .isGreaterThanOrEqualTo(0);
        return config.substring(0, i) + to + config.substring(i + from.length());
    }

    /**
     * When the rows are linted: 1 December 2026, 00:00 UTC, so that a row's one-off maintenance
     * window is over or to come whatever day the tests run.
     */
    public static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    /** Loads a single-file configuration named t.hcl through the whole front end, at {@link #NOW}. */
    public static Frontend.Result load(String text) {
        return Frontend.load(List.of(new SourceFile("t.hcl", text)), Map.of(), NOW);
    }

    /**
     * The diagnostics a row is about: the rows are minimal configurations, most of them WANs
     * only, so W0511 (no LAN-side interface) is left out except in its own rows.
     */
    private List<Diagnostic> relevant(Frontend.Result result) {
        return result.diagnostics().stream()
                .filter(d -> code == Code.W0511 || d.code() != Code.W0511)
                .toList();
    }

    public void assertTriggers() {
        Frontend.Result result = load(config);
        assertThat(relevant(result)).as("%s: diagnostics of%n%s", this, config).hasSize(1);
        Diagnostic d = relevant(result).get(0);
        assertThat(d.code()).as("code").isEqualTo(code);
        assertThat(d.severity()).as("severity").isEqualTo(severity);
        assertThat(d.summary()).as("summary").isEqualTo(summary);
        assertThat(d.subject()).as("subject").isNotNull();
        assertThat(d.subject().file()).isEqualTo("t.hcl");
        assertThat(d.subject().start().toString())
                .as("subject start (line:column)")
                .isEqualTo(at);
        assertThat(d.detail()).as("detail").contains(detailWords);
        assertThat(d.hints()).as("hints").isEqualTo(hint == null ? List.of() : List.of(hint));
        // errors stop the pipeline before a model is handed on; warnings do not
        assertThat(result.config().isPresent()).as("config built").isEqualTo(severity == Severity.WARNING);
    }

    public void assertFixedIsClean() {
        String valid = fixed();
        Frontend.Result result = load(valid);
        List<String> found = new ArrayList<>();
        relevant(result).forEach(d -> found.add(d.code() + " " + d.summary() + " at " + d.subject()));
        assertThat(found).as("%s: diagnostics after the fix%n%s", this, valid).isEmpty();
        assertThat(result.config()).isPresent();
    }

    @Override
    public String toString() {
        return code.id() + " " + name;
    }
}
