package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flywall lint} and {@code flywall inspect}: exit codes, formats, inputs. */
class LintCommandTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void cleanConfigurationExitsZero() throws IOException {
        Path ok = write("ok.hcl", "interface \"eth0\" {\n  zone = \"LAN\"\n}\n");
        Result result = run("lint", ok.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).isEqualTo(ok + ": no problems\n");
    }

    @Test
    void errorsArePrintedWithPositionsAndExitOne() throws IOException {
        Path bad = write("bad.hcl", "a = [1 2]\n");
        Result result = run("lint", bad.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.out())
                .contains("error[E0113]: Missing comma between list items", " --> " + bad + ":1:8")
                .endsWith("1 error\n");
    }

    @Test
    void jsonFormatHasTerraformsShape() throws IOException {
        Path bad = write("bad.hcl", "a = [1 2]\n");
        Result result = run("lint", "--format", "json", bad.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("error_count").asInt()).isEqualTo(1);
        JsonNode diagnostic = json.get("diagnostics").get(0);
        assertThat(diagnostic.get("code").asText()).isEqualTo("E0113");
        assertThat(diagnostic.at("/range/start/line").asInt()).isEqualTo(1);
        assertThat(diagnostic.at("/range/start/column").asInt()).isEqualTo(8);
        assertThat(diagnostic.at("/range/start/byte").asInt()).isEqualTo(7);
    }

    @Test
    void githubFormatAnnotates() throws IOException {
        Path bad = write("bad.hcl", "a = [1 2]\n");
        Result result = run("lint", "-f", "github", bad.toString());
        assertThat(result.out()).startsWith("::error file=" + bad.toString().replace(":", "%3A") + ",line=1,col=8,");
    }

    @Test
    void directoryIsOneConfigurationAndVarsApply() throws IOException {
        write("a.hcl", "variable \"p\" {\n  type = number\n}\n");
        write("b.hcl", "interface \"eth0\" {\n  zone = \"LAN\"\n  mtu  = var.p + 1000\n}\n");
        assertThat(run("lint", "--var", "p=2", dir.toString()).exitCode()).isEqualTo(ExitCodes.SUCCESS);
        Result missing = run("lint", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.out()).contains("No value for variable \"p\"");
    }

    @Test
    void eachFileArgumentIsItsOwnConfiguration() throws IOException {
        Path a = write("a.hcl", "interface \"eth0\" {\n  zone = \"LAN\"\n}\n");
        Path b = write("b.hcl", "interface \"eth0\" {\n  zone = \"LAN\"\n}\n");
        assertThat(run("lint", a.toString(), b.toString()).exitCode()).isEqualTo(ExitCodes.SUCCESS);
        Result together = run("lint", dir.toString());
        assertThat(together.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(together.out()).contains("error[E0401]: Duplicate name \"eth0\"");
    }

    @Test
    void unreadableInputIsAUsageErrorWithoutStackTrace() throws IOException {
        Result missing = run("lint", dir.resolve("nope.hcl").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.out()).contains("error[E0001]: Cannot read", "No such file or directory");
        assertThat(missing.out() + missing.err()).doesNotContain("Exception", "\tat ");

        Path latin1 = dir.resolve("latin1.hcl");
        Files.write(latin1, new byte[] {'a', ' ', '=', ' ', '"', (byte) 0xE9, '"', '\n'});
        Result invalid = run("lint", latin1.toString());
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.out()).contains("error[E0002]: Invalid UTF-8 in", "byte offset 5");
    }

    @Test
    void strictTurnsWarningsIntoFailure() throws IOException {
        Path warned = write("warned.hcl", "interface \"eth0\" {\n  zone = \"WAN\"\n}\n");
        Result lenient = run("lint", warned.toString());
        assertThat(lenient.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(lenient.out()).contains("warning[W0510]", "1 warning");
        assertThat(run("lint", "--strict", warned.toString()).exitCode()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void schemaMistakesAreReportedWithSuggestions() throws IOException {
        Path typo = write("typo.hcl", "interface \"eth0\" {\n  zone = \"LAN\"\n  mut  = 1500\n}\n");
        Result result = run("lint", typo.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.out()).contains("error[E0302]: Unsupported argument \"mut\"", "help: did you mean \"mtu\"?");
    }

    @Test
    void unknownFormatIsAUsageError() throws IOException {
        Path ok = write("ok.hcl", "a = 1\n");
        Result result = run("lint", "--format", "xml", ok.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown format 'xml'");
    }

    @Test
    void inspectPrintsTheEvaluatedDocument() throws IOException {
        Path file = write(
                "c.hcl",
                "locals {\n  n = 2\n}\nmember \"eth0\" { weight = local.n * 2 }\n"
                        + "member \"eth1\" { weight = 1 }\nsecret = env(\"TOKEN\")\n");
        Result result = run("inspect", "--json", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.at("/member/eth0/weight").asInt()).isEqualTo(4);
        assertThat(json.at("/member/eth1/weight").asInt()).isEqualTo(1);
        assertThat(json.at("/secret/deferred").asText()).isEqualTo("env");
        assertThat(json.has("locals")).isFalse();
    }

    @Test
    void inspectRedactsSecretsButKeepsReferences() throws IOException {
        Path file = write(
                "s.hcl",
                "interface \"ppp0\" {\n  zone = \"WAN\"\n  pppoe {\n    username = \"u\"\n"
                        + "    password = \"hunter2\"\n  }\n}\napi {\n  token = env(\"API_TOKEN\")\n}\n"
                        + "notifications {\n  webhook {\n    url     = \"https://h.example.com/x\"\n"
                        + "    headers = { Authorization = \"Bearer abc\" }\n  }\n}\n");
        Result result = run("inspect", "--json", file.toString());
        assertThat(result.out()).doesNotContain("hunter2", "Bearer abc");
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.at("/interface/ppp0/pppoe/password").asText()).isEqualTo("(sensitive)");
        assertThat(json.at("/interface/ppp0/pppoe/username").asText()).isEqualTo("u");
        assertThat(json.at("/notifications/webhook/headers/Authorization").asText())
                .isEqualTo("(sensitive)");
        assertThat(json.at("/api/token/argument").asText()).isEqualTo("API_TOKEN");
    }

    @Test
    void inspectRefusesBrokenInput() throws IOException {
        Path bad = write("bad.hcl", "a = \n");
        Result result = run("inspect", "--json", bad.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Missing expression");
    }

    private static final Path HA_PRIMARY = Path.of("..", "examples", "ha-primary.hcl");
    private static final Path HA_SECONDARY = Path.of("..", "examples", "ha-secondary.hcl");

    @Test
    void peerChecksTheHaPairTogether() {
        Result result = run("lint", HA_PRIMARY.toString(), "--peer", HA_SECONDARY.toString());
        assertThat(result.exitCode()).as(result.out()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(result.out()).isEqualTo(HA_PRIMARY + ", " + HA_SECONDARY + ": no problems\n");
    }

    @Test
    void peerDisagreementsPointIntoBothFiles() throws IOException {
        String secondary = Files.readString(HA_SECONDARY);
        Path b = write("b.hcl", secondary.replace("advert_interval = \"200ms\"", "advert_interval = \"300ms\""));
        Result result = run("lint", HA_PRIMARY.toString(), "--peer", b.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        int line = lineOf(secondary, "advert_interval");
        int primaryLine = lineOf(Files.readString(HA_PRIMARY), "advert_interval");
        assertThat(result.out())
                .contains(
                        "error[E0602]: HA settings differ",
                        " --> " + HA_PRIMARY + ":" + primaryLine + ":21",
                        " --> " + b + ":" + line + ":21",
                        "advert_interval is 200ms here, but 300ms in " + b + ":" + line + ":21.")
                .endsWith("2 errors\n");
    }

    private static int lineOf(String text, String word) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(word)) {
                return i + 1;
            }
        }
        throw new AssertionError(word + " not in the text");
    }

    @Test
    void peerWithoutHaIsAnError() throws IOException {
        Path alone = write("alone.hcl", "interface \"eth0\" {\n  zone = \"LAN\"\n}\n");
        Result result = run("lint", HA_PRIMARY.toString(), "--peer", alone.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.out()).contains("error[E0601]: Only one node has ha", alone + " has no ha block");
    }

    @Test
    void peerTakesOnePathAndAReadablePeer() {
        Result two = run("lint", HA_PRIMARY.toString(), HA_SECONDARY.toString(), "--peer", HA_SECONDARY.toString());
        assertThat(two.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err()).contains("--peer checks one PATH against its peer; 2 PATHs given");
        Result missing = run(
                "lint", HA_PRIMARY.toString(), "--peer", dir.resolve("nope.hcl").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
