package dev.flywall.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An editor's typing session against the server, over JSON-RPC on pipes. */
class TypingSessionTest {

    static final String CONFIG = """
            interface "eth0" {
              zone = "WAN"
              dhcp = true
              wan {
                priority = 1
              }
            }

            interface "eth1" {
              zone = "WAN"
              dhcp = true
              wan {
                priority = 2
              }
            }

            interface "eth2" {
              zone    = "LAN"
              address = "192.168.1.1/24"
            }

            uplink_group "default" {
              member "eth0" {
                priority = 1
              }
              member "eth1" {
                priority = 2
              }
            }

            ipset "office" {
              entries = ["10.1.0.0/16"]
            }

            policy_route "vpn" {
              match {
                destination = ["@office"]
              }
              uplink = "eth0"
            }
            """;

    @TempDir
    Path dir;

    @Test
    void diagnosticsArriveWithCodesAndRangesAndClearWhenFixed() throws Exception {
        String uri = dir.resolve("gateway.hcl").toUri().toString();
        try (PipedSession session = new PipedSession()) {
            session.initialize();
            session.open(uri, CONFIG);
            assertThat(session.diagnostics(uri).getDiagnostics()).isEmpty();

            session.change(uri, 2, CONFIG.replace("member \"eth1\"", "member \"eht1\""));
            PublishDiagnosticsParams broken = session.diagnostics(uri);
            assertThat(broken.getVersion()).isEqualTo(2);
            // the misspelt member, and (a warning) the WAN it leaves in no group
            assertThat(broken.getDiagnostics())
                    .extracting(d -> d.getCode().getLeft())
                    .containsExactly("W0501", "E0403");
            assertThat(broken.getDiagnostics().get(1)).satisfies(d -> {
                assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
                assertThat(d.getSource()).isEqualTo("flywall");
                assertThat(d.getRange()).isEqualTo(new Range(new Position(25, 2), new Position(25, 15)));
                assertThat(d.getMessage()).contains("help: did you mean \"eth1\"?");
            });

            session.change(uri, 3, CONFIG);
            assertThat(session.diagnostics(uri).getDiagnostics()).isEmpty();
            assertThat(session.shutdownAndExit()).isZero();
        }
    }

    @Test
    void aFolderIsOneConfiguration() throws Exception {
        Files.writeString(dir.resolve("interfaces.hcl"), CONFIG.substring(0, CONFIG.indexOf("uplink_group")));
        String groups = dir.resolve("groups.hcl").toUri().toString();
        String text = CONFIG.substring(CONFIG.indexOf("uplink_group"));
        try (PipedSession session = new PipedSession()) {
            session.initialize();
            session.open(groups, text);
            // the interfaces it names are in the other file: no problem
            assertThat(session.diagnostics(groups).getDiagnostics()).isEmpty();
            session.change(groups, 2, text.replace("\"eth1\"", "\"eth9\""));
            assertThat(session.diagnostics(groups).getDiagnostics())
                    .extracting(d -> d.getCode().getLeft())
                    .isNotEmpty();
            assertThat(session.shutdownAndExit()).isZero();
        }
    }
}
