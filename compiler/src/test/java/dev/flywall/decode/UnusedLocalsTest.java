package dev.flywall.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A local nothing refers to is checked as a used one is: its errors and cycles are reported once. */
class UnusedLocalsTest {

    private static List<String> problems(String text) {
        return Frontend.load(List.of(new SourceFile("t.hcl", text)), Map.of(), DiagnosticCase.NOW)
                .diagnostics()
                .stream()
                .map(d -> d.code().id() + " " + d.subject().start().line() + ":"
                        + d.subject().start().column())
                .toList();
    }

    private static final String LAN = """
            interface "lan0" {
              zone    = "LAN"
              address = local.lan
            }
            """;

    @Test
    void errorsAndCyclesInUnusedLocalsAreReported() {
        String text = """
                locals {
                  lan = "192.168.1.1/24"
                  a   = local.b
                  b   = local.a
                  c   = 1 / 0
                  d   = nosuch(1)
                  e   = var.undeclared
                }
                """ + LAN;
        assertThat(problems(text)).containsExactly("E0207 3:3", "E0206 5:13", "E0202 6:9", "E0201 7:13");
    }

    @Test
    void aUsedLocalWithAnErrorIsReportedOnceAndGoodLocalsNotAtAll() {
        String text = """
                locals {
                  lan    = "192.168.1.1/${1 / 0}"
                  unused = "fine"
                }
                """ + LAN;
        assertThat(problems(text)).containsExactly("E0206 2:31");
    }
}
