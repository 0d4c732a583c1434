package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.lab.Lab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where real flows go, counted by the fake ISPs (new TCP connections to port 80, UDP datagrams to
 * port 1194) in a lab built from the test configurations in {@code lab/}: weights, sticky
 * sessions, policy routes and pins. Needs root, nft, ip and conntrack; skipped with the reason
 * printed otherwise.
 */
class LabTrafficTest {

    static final String NAME = "fwtr" + ProcessHandle.current().pid() % 10000;
    static final Path CONFIGS = Path.of("src", "test", "resources", "lab");

    private final Lab lab = new Lab();

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    @BeforeEach
    void rootAndTools() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Kernel host = new Kernel(Optional.empty());
        boolean tools = root && host.run("", "nft", "--version").ok() && host.run("", "conntrack", "--version").ok();
        if (!tools) {
            System.err.println("SKIPPED LabTrafficTest: needs root, nft, ip and conntrack");
        }
        Assumptions.assumeTrue(tools, "needs root, nft, ip and conntrack");
    }

    @AfterEach
    void down() throws Exception {
        lab.down(NAME);
    }

    /** Builds the lab of a test configuration and waits until the daemon has seen every uplink up. */
    private void up(String config) throws Exception {
        Result r = run("lab", "up", CONFIGS.resolve(config).toString(), "--name", NAME);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(LabCommand.await(Duration.ofSeconds(30), () -> LabCommand.allUp(new LabCommand.Built(null,
                Lab.dir(NAME))))).as("every uplink up").isTrue();
    }

    /** Runs flywall inside the lab's LAN client (or, with {@code gateway}, in the gateway) and waits for it. */
    private String inside(String namespace, String... args) throws Exception {
        Path log = Files.createTempFile(Lab.dir(NAME), "run", ".log");
        Process p = LabCommand.spawn(namespace, log, args);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return Files.readString(log);
    }

    private String client(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("lab", "client"));
        all.addAll(List.of(args));
        return inside(NAME + "-lan-lan0", all.toArray(String[]::new));
    }

    /**
     * SYNs each ISP received on port 80. A flow's first SYN can be retransmitted (the first packet
     * on a fresh link waits for ARP), so counts may exceed the flows by a few.
     */
    private long[] syns(String... uplinks) throws Exception {
        long[] out = new long[uplinks.length];
        for (int i = 0; i < uplinks.length; i++) {
            out[i] = lab.counter(NAME, uplinks[i], "web_syn");
        }
        return out;
    }

    private static double share(long part, long[] all) {
        return (double) part / java.util.Arrays.stream(all).sum();
    }

    /** Scenario 4: weights 2:1 over 1,000 new flows land within ±5 % of 2/3 : 1/3. */
    @Test
    void weightsTwoToOne() throws Exception {
        up("balance-2-1.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "1000")).contains("connected 1000 of 1000");
        long[] n = syns("eth0", "eth1");
        System.out.printf("weights 2:1 over 1000 flows: eth0 %d, eth1 %d%n", n[0], n[1]);
        assertThat(n[0] + n[1]).isBetween(1000L, 1005L);
        assertThat(share(n[0], n)).isBetween(2 / 3.0 - 0.05, 2 / 3.0 + 0.05);
    }

    /** Scenario 4: weights 5:3:2 over three uplinks, 1,000 flows, each within ±5 %. */
    @Test
    void weightsFiveThreeTwo() throws Exception {
        up("balance-5-3-2.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "1000")).contains("connected 1000 of 1000");
        long[] n = syns("eth0", "eth1", "eth3");
        System.out.printf("weights 5:3:2 over 1000 flows: eth0 %d, eth1 %d, eth3 %d%n", n[0], n[1], n[2]);
        assertThat(n[0] + n[1] + n[2]).isBetween(1000L, 1005L);
        assertThat(share(n[0], n)).isBetween(0.45, 0.55);
        assertThat(share(n[1], n)).isBetween(0.25, 0.35);
        assertThat(share(n[2], n)).isBetween(0.15, 0.25);
    }

    /** Scenario 5: one LAN source keeps its uplink across 100 new connections. */
    @Test
    void stickyKeepsASourceOnOneUplink() throws Exception {
        up("sticky.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "100")).contains("connected 100 of 100");
        long[] n = syns("eth0", "eth1");
        System.out.printf("sticky over 100 flows from one source: eth0 %d, eth1 %d%n", n[0], n[1]);
        assertThat(Math.min(n[0], n[1])).as("the other uplink").isZero();
        assertThat(Math.max(n[0], n[1])).isBetween(100L, 102L);
    }

    /** Scenario 3: UDP 1194 and an ipset destination leave via eth0 while the default group prefers eth1. */
    @Test
    void policyRoutesBeatTheDefaultGroup() throws Exception {
        up("policy.hcl");
        assertThat(client("--target", "203.0.113.202", "--tcp", "20")).contains("connected 20 of 20");
        long[] before = syns("eth0", "eth1");
        assertThat(before[0]).isZero();
        assertThat(before[1]).isBetween(20L, 22L);
        assertThat(client("--target", "203.0.113.203", "--tcp", "20")).as("@office").contains("connected 20 of 20");
        assertThat(syns("eth0", "eth1")[0]).isBetween(20L, 22L);
        assertThat(syns("eth0", "eth1")[1]).isEqualTo(before[1]);
        client("--target", "203.0.113.202", "--udp", "30", "--port", "1194");
        assertThat(lab.counter(NAME, "eth0", "udp_1194")).isEqualTo(30);
        assertThat(lab.counter(NAME, "eth1", "udp_1194")).isZero();

        // eth0 dies: the VPN falls back to the default group, the strict office route is blocked
        lab.breakIsp(NAME, "eth0");
        Path state = Lab.dir(NAME).resolve("state");
        assertThat(LabCommand.await(Duration.ofSeconds(10), () -> LabCommand.daemonState(new LabCommand.Built(null,
                Lab.dir(NAME))).path("uplinks").path("eth0").path("health").asText().equals("DOWN"))).isTrue();
        client("--target", "203.0.113.202", "--udp", "30", "--port", "1194");
        assertThat(lab.counter(NAME, "eth1", "udp_1194")).as("vpn falls back").isEqualTo(30);
        assertThat(client("--target", "203.0.113.203", "--tcp", "5")).as("strict: no fallback").contains("connected 0 of 5");
        assertThat(lab.counter(NAME, "eth1", "web_syn")).isEqualTo(before[1]);
        assertThat(state).isDirectory();
    }

    /** Scenario 8: a pin sends new connections through the pinned uplink until unpinned. */
    @Test
    void pinAndUnpin() throws Exception {
        up("balance-2-1.hcl");
        String gw = NAME + "-gw";
        String state = Lab.dir(NAME).resolve("state").toString();
        assertThat(inside(gw, "wan", "pin", "eth1", "--state-dir", state)).contains("Pinned group default to eth1.");
        client("--target", "203.0.113.202", "--tcp", "100");
        assertThat(syns("eth0", "eth1")[0]).isZero();
        assertThat(syns("eth0", "eth1")[1]).isBetween(100L, 102L);
        assertThat(inside(gw, "wan", "unpin", "--state-dir", state)).contains("Unpinned group default.");
        client("--target", "203.0.113.202", "--tcp", "300");
        long[] n = syns("eth0", "eth1");
        assertThat(n[0]).as("eth0 is back in the balance").isGreaterThan(100);
    }
}
