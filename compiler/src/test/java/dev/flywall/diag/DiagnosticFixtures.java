package dev.flywall.diag;

import dev.flywall.source.SourceFile;
import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Source files and diagnostics shared by the renderer tests. */
final class DiagnosticFixtures {

    /** A config whose line 14 is {@code   uplink = "eht0"}, as in DESIGN.md §4. */
    static final SourceFile CONFIG = new SourceFile("config.hcl", """
            # flywall example
            interface "eth0" {
              zone = "wan"
            }

            interface "eth1" {
              zone = "lan"
            }

            uplink_group "wan" {
              mode = "failover"
            }
            policy "web" {
              uplink = "eht0"
            }
            """);

    private DiagnosticFixtures() {}

    /** The span of the {@code occurrence}-th (0-based) appearance of {@code needle}. */
    static SourceSpan spanOf(SourceFile file, String needle, int occurrence) {
        int at = -1;
        for (int i = 0; i <= occurrence; i++) {
            at = file.text().indexOf(needle, at + 1);
            if (at < 0) {
                throw new IllegalArgumentException("no occurrence " + occurrence + " of " + needle);
            }
        }
        int start = file.text().codePointCount(0, at);
        return file.span(start, start + needle.codePointCount(0, needle.length()));
    }

    static SourceSpan spanOf(SourceFile file, String needle) {
        return spanOf(file, needle, 0);
    }

    /** Looks files up by name among the given ones; unknown names give null. */
    static Function<String, SourceFile> sources(SourceFile... files) {
        Map<String, SourceFile> byName = new java.util.HashMap<>();
        for (SourceFile file : files) {
            byName.put(file.name(), file);
        }
        return byName::get;
    }

    /** The example of DESIGN.md §4. */
    static Diagnostic unknownUplink() {
        return new Diagnostic(
                Severity.ERROR,
                Code.E0203,
                "unknown uplink \"eht0\"",
                "",
                spanOf(CONFIG, "\"eht0\""),
                "no interface or uplink_group is named \"eht0\"",
                List.of("did you mean \"eth0\"?"));
    }
}
