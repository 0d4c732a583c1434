package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.testing.NeedsTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generated peers files as the real pppd reads them. This kernel has no PPP support, and the
 * rp-pppoe plugin checks for it as soon as {@code nic-DEV} is read, so the plugin and device
 * lines are left out: with them gone, {@code pppd file PEERS dryrun} parses every other option
 * and stops only at "no device specified" — an option pppd does not know would stop it first.
 * The username is read back through pppd's own option-file parser.
 */
@NeedsTools({"pppd"})
class PppdReadsPeersTest {

    private static final String WAN = """
            interface "eth1" {
              zone = "WAN"
              mtu  = 1500
              pppoe {
                username = "%s"
                password = env("DSL_PASSWORD")
              }
              wan { bandwidth = "20Mbps" }
            }
            uplink_group "default" {
              member "eth1" {}
            }
            """;

    record Run(int exit, String output) {}

    private static Run pppd(String fileText, String... more) throws IOException, InterruptedException {
        Path file = Files.createTempFile("flywall-peers", ".txt");
        try {
            Files.writeString(file, fileText, StandardCharsets.UTF_8);
            List<String> command = new java.util.ArrayList<>(List.of("pppd", "file", file.toString()));
            command.addAll(List.of(more));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("pppd ends").isTrue();
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String peers(String username) {
        return InterfacesPlanTest.compile(WAN.formatted(username)).files().get("pppoe-eth1.peers");
    }

    @Test
    void pppdKnowsEveryOption() throws Exception {
        String withoutDevice = peers("dsl@isp.example")
                .lines()
                .filter(l -> !l.startsWith("plugin ") && !l.startsWith("nic-"))
                .collect(Collectors.joining("\n", "", "\n"));
        Run run = pppd(withoutDevice, "dryrun");
        assertThat(run.output())
                .doesNotContain("unrecognized option", "In file")
                .contains("no device specified");
    }

    @Test
    void pppdReadsTheUsernameBackExactly() throws Exception {
        // HCL text → value: quotes, a backslash, a hash, spaces and non-ASCII letters
        String hcl = "fibre \\\"gold\\\" \\\\ plan#1 Ünïcode";
        String value = "fibre \"gold\" \\ plan#1 Ünïcode";
        String userLine = peers(hcl)
                .lines()
                .filter(l -> l.startsWith("user "))
                .findFirst()
                .orElseThrow();
        // the quoted word alone is an option pppd does not know, and it names it as it read it
        Run run = pppd(userLine.substring("user ".length()) + "\n");
        assertThat(run.output()).contains("unrecognized option '" + value + "'");
    }
}
