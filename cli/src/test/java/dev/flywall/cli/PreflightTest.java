package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/**
 * A missing tool, privilege or kernel feature is named with its fix and exit {@link
 * ExitCodes#ENVIRONMENT} before the command starts, never an internal error halfway through.
 * The machine is a fake {@link Preflight.Host}: its PATH, uid, capabilities and nft answer.
 */
class PreflightTest {

    private static final String DUAL_WAN =
            Path.of("..", "examples", "dual-wan.hcl").toString();
    private static final long ALL_CAPABILITIES = 0x1ff_ffff_ffffL;
    private static final long CAP_NET_ADMIN = 1L << 12;
    private static final Kernel.Result NFT_OK = new Kernel.Result(0, "", "");

    @TempDir
    Path bin;

    /** A machine as a test describes it. */
    private record FakeHost(List<Path> path, long uid, long capabilities, boolean netns, Kernel.Result nft)
            implements Preflight.Host {
        @Override
        public Kernel.Result nftListTables(Optional<String> ns) {
            return nft;
        }

        FakeHost uid(long value) {
            return new FakeHost(path, value, capabilities, netns, nft);
        }

        FakeHost capabilities(long value) {
            return new FakeHost(path, uid, value, netns, nft);
        }

        FakeHost netns(boolean value) {
            return new FakeHost(path, uid, capabilities, value, nft);
        }

        FakeHost nft(Kernel.Result value) {
            return new FakeHost(path, uid, capabilities, netns, value);
        }
    }

    /** Root with every tool and feature: each test takes one away. */
    private FakeHost machine;

    private record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void everyTool() throws IOException {
        for (String tool : List.of("nft", "ip", "conntrack", "sysctl", "dhclient", "dnsmasq", "dhcpd", "pppd")) {
            tool(tool);
        }
        machine = new FakeHost(List.of(bin), 0, ALL_CAPABILITIES, true, NFT_OK);
    }

    private void tool(String name) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Result run(Preflight.Host host, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out),
                new PrintWriter(err),
                Ansi.OFF,
                false,
                host);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void labRunWithoutNftNamesItAndThePackage() throws IOException {
        Files.delete(bin.resolve("nft"));

        Result result = run(machine, "lab", "run", DUAL_WAN);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall lab run: nft is not installed (not found in PATH): install it with"
                        + " apt-get install nftables\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theLabNamesItsDhcpServerAndClientUpFront() throws IOException {
        Files.delete(bin.resolve("dnsmasq"));
        Files.delete(bin.resolve("dhclient"));
        Files.delete(bin.resolve("dhcpd"));
        Files.delete(bin.resolve("pppd"));

        Result result = run(machine, "lab", "up", DUAL_WAN);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        // no pppd: the lab's PPPoE uplinks are stand-ins
        assertThat(result.err().lines())
                .containsExactly(
                        "flywall lab up: dhclient is not installed (not found in PATH): install it with apt-get"
                                + " install isc-dhcp-client",
                        "flywall lab up: dnsmasq is not installed (not found in PATH): install it with apt-get"
                                + " install dnsmasq-base",
                        "flywall lab up: dhcpd is not installed (not found in PATH): install it with apt-get"
                                + " install isc-dhcp-server");
    }

    @Test
    void theDaemonNeedsTheClientsOfTheAppliedBundlesManagedInterfaces() throws IOException {
        Files.delete(bin.resolve("dhclient"));
        Files.delete(bin.resolve("pppd"));
        Path state = bin.resolve("state");
        Path out = bin.resolve("out");
        Preflight.Host bare = new FakeHost(List.of(), 1000, 0, false, new Kernel.Result(1, "", "must not be asked"));
        assertThat(run(
                                bare,
                                "compile",
                                Path.of("..", "examples", "cable-dsl-pppoe.hcl").toString(),
                                "-o",
                                out.toString())
                        .exitCode())
                .isEqualTo(ExitCodes.SUCCESS);
        Files.createDirectories(state.resolve("current"));
        Files.copy(out.resolve("watchdog.json"), state.resolve("current/watchdog.json"));

        Result result = run(machine, "run", "--state-dir", state.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err().lines())
                .containsExactly(
                        "flywall run: dhclient is not installed (not found in PATH): install it with apt-get"
                                + " install isc-dhcp-client",
                        "flywall run: pppd is not installed (not found in PATH): install it with apt-get install ppp");
        // a bundle whose interfaces the host manages needs neither
        Files.writeString(
                state.resolve("current/watchdog.json"),
                Files.readString(state.resolve("current/watchdog.json"))
                        .replace("\"managed\": true", "\"managed\": false"));
        assertThat(new Preflight(machine).bundleNeeds(parsed("run", "--state-dir", state.toString())))
                .isEmpty();
    }

    @Test
    void theDaemonOfAnHaNodeNeedsKeepalivedAndConntrackd() throws IOException {
        Path state = bin.resolve("state");
        Path out = bin.resolve("out");
        Preflight.Host bare = new FakeHost(List.of(), 1000, 0, false, new Kernel.Result(1, "", "must not be asked"));
        assertThat(run(
                                bare,
                                "compile",
                                Path.of("..", "examples", "policy-routing.hcl").toString(),
                                "-o",
                                out.toString())
                        .exitCode())
                .isEqualTo(ExitCodes.SUCCESS);
        Files.createDirectories(state.resolve("current"));
        var w = dev.flywall.bundle.BundleJson.watchdog(Files.readString(out.resolve("watchdog.json")));
        var ha = new dev.flywall.bundle.WatchdogFile.Ha(
                200,
                51,
                1000,
                true,
                0,
                "eth3",
                "10.99.0.1",
                "10.99.0.2",
                3780,
                List.of(new dev.flywall.bundle.WatchdogFile.VirtualAddresses("eth2", List.of("192.168.1.1/24"))));
        Files.writeString(
                state.resolve("current/watchdog.json"),
                dev.flywall.bundle.BundleJson.write(new dev.flywall.bundle.WatchdogFile(
                        w.schemaVersion(),
                        w.configHash(),
                        w.nft(),
                        w.uplinks(),
                        w.groups(),
                        w.policyRoutes(),
                        w.notifications(),
                        w.api(),
                        w.runtime(),
                        w.interfaces(),
                        ha)));

        Result result = run(machine, "run", "--state-dir", state.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err().lines())
                .containsExactly(
                        "flywall run: keepalived is not installed (not found in PATH): install it with apt-get"
                                + " install keepalived",
                        "flywall run: conntrackd is not installed (not found in PATH): install it with apt-get"
                                + " install conntrackd");
        // the lab needs them only for a pair, which it checks itself
        assertThat(Preflight.NEEDS.get("flywall lab run"))
                .doesNotContain(Preflight.Need.KEEPALIVED, Preflight.Need.CONNTRACKD);
    }

    private static CommandLine.ParseResult parsed(String... args) {
        return Main.root(new String[0], System.in).parseArgs(args);
    }

    @Test
    void aToolThatIsNotExecutableIsMissing() throws IOException {
        Files.setPosixFilePermissions(bin.resolve("ip"), PosixFilePermissions.fromString("rw-r--r--"));

        Result result =
                run(machine, "destroy", "--state-dir", bin.resolve("state").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall destroy: ip is not installed (not found in PATH): install it with"
                        + " apt-get install iproute2\n");
    }

    @Test
    void everyMissingToolIsNamedAtOnce() {
        Result none = run(new FakeHost(List.of(), 0, ALL_CAPABILITIES, true, NFT_OK), "run");

        assertThat(none.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(none.err().lines())
                .containsExactly(
                        "flywall run: nft is not installed (not found in PATH): install it with apt-get install nftables",
                        "flywall run: ip is not installed (not found in PATH): install it with apt-get install iproute2",
                        "flywall run: conntrack is not installed (not found in PATH): install it with apt-get install conntrack");
    }

    @Test
    void theLabNeedsRoot() {
        Result result = run(machine.uid(1000), "lab", "up", DUAL_WAN);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall lab up: needs root (it creates network namespaces and runs processes"
                        + " in them): run it as root, e.g. with sudo\n");
    }

    @Test
    void applyWithoutCapNetAdminSaysSoWithoutAskingNft() {
        Result result =
                run(machine.capabilities(0).nft(new Kernel.Result(1, "", "must not be asked")), "apply", DUAL_WAN);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall apply: needs CAP_NET_ADMIN (to change nftables, ip rules and"
                        + " routes): run it as root (e.g. with sudo), or grant the capabilities (systemd: AmbientCapabilities=, see"
                        + " packaging/flywall.service)\n");
    }

    @Test
    void theDaemonAlsoNeedsCapNetRaw() {
        Result result = run(machine.capabilities(CAP_NET_ADMIN), "run");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .startsWith("flywall run: needs CAP_NET_RAW (for ICMP probes and probes bound to an"
                        + " uplink): run it as root");
    }

    @Test
    void aKernelWithoutNftablesIsNamedWithTheModule() {
        Result result = run(
                machine.nft(new Kernel.Result(
                        1, "", "Error: Could not process rule: Operation not supported\nlist tables\n^^^^^^^^^^^\n")),
                "destroy");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall destroy: the kernel does not support nftables (nft: Error: Could not"
                        + " process rule: Operation not supported list tables ^^^^^^^^^^^): load it with modprobe nf_tables, or use a"
                        + " kernel built with CONFIG_NF_TABLES\n");
    }

    @Test
    void nftRefusedInsideANamespaceIsAPrivilegeProblem() {
        Result result = run(
                machine.nft(new Kernel.Result(1, "", "Error: Operation not permitted\n")),
                "plan",
                "--netns",
                "gw",
                DUAL_WAN);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall plan: nft may not change nftables in network namespace gw (Error:"
                        + " Operation not permitted): run it as root with CAP_NET_ADMIN in this network namespace\n");
    }

    @Test
    void planAgainstTheKernelNeedsNetworkNamespaces() {
        Result result = run(machine.netns(false), "plan", DUAL_WAN);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(result.err())
                .isEqualTo("flywall plan: the kernel has no network namespaces (no /proc/self/ns/net):"
                        + " use a kernel built with CONFIG_NET_NS\n");
    }

    @Test
    void planAgainstFilesAndTheShortCommandsNeedNothing() throws IOException {
        Preflight.Host bare = new FakeHost(List.of(), 1000, 0, false, new Kernel.Result(1, "", "must not be asked"));
        Path out = bin.resolve("out");
        assertThat(run(bare, "compile", DUAL_WAN, "-o", out.toString()).exitCode())
                .isEqualTo(ExitCodes.SUCCESS);

        assertThat(run(bare, "plan", "--against", out.toString(), DUAL_WAN).exitCode())
                .isEqualTo(ExitCodes.SUCCESS);
        assertThat(run(bare, "lint", DUAL_WAN).exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(run(bare, "apply", "--help").exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(run(bare, "help", "lab").exitCode()).isEqualTo(ExitCodes.SUCCESS);
    }

    @Test
    void aToolMissingBeyondThePreflightIsStillNamedNotAnInternalError() {
        assertThat(runFailing(new IOException(
                        "in fwlab-isp-eth0: nft -f -: exec of \"nft\" failed: No such file or" + " directory")))
                .isEqualTo(ExitCodes.ENVIRONMENT + " flywall: nft is not installed (not found in PATH):"
                        + " install it with apt-get install nftables\n");
        IOException real = null;
        try {
            new ProcessBuilder("flywall-no-such-tool").start().destroy();
        } catch (IOException e) {
            real = e; // the JDK's own words
        }
        assertThat(runFailing(new IllegalStateException("wrapped", real)))
                .isEqualTo(ExitCodes.ENVIRONMENT
                        + " flywall: flywall-no-such-tool is not installed (not found in PATH)\n");
        assertThat(runFailing(new IOException("disk full")))
                .startsWith(ExitCodes.INTERNAL_ERROR + " flywall: internal error: java.io.IOException: disk full");
    }

    /** The exit code and stderr of a command that throws {@code failure}. */
    private static String runFailing(Exception failure) {
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        InternalErrorHandler internalError = new InternalErrorHandler(errWriter, false);
        CommandLine commandLine = Main.configure(
                        Main.root(new String[0], System.in),
                        new PrintWriter(new StringWriter()),
                        errWriter,
                        Ansi.OFF,
                        internalError)
                .addSubcommand(new Throwing(failure));
        return Main.execute(commandLine, new String[] {"throw"}, internalError) + " " + err;
    }

    @Command(name = "throw")
    static final class Throwing implements Callable<Integer> {
        private final Exception failure;

        Throwing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    @Test
    void pathIsSplitAsTheShellDoes() {
        assertThat(Preflight.split("/usr/sbin::/bin"))
                .containsExactly(Path.of("/usr/sbin"), Path.of("."), Path.of("/bin"));
    }
}
