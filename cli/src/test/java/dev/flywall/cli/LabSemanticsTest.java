package dev.flywall.cli;

import static dev.flywall.cli.LabTests.health;
import static dev.flywall.cli.LabTests.whoami;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the configuration declares, proven where the packets arrive: each connection asks the
 * internet host which ISP it came through ({@code GET /whoami}), so these tests never trust the
 * generated rules. Overlapping policy routes (the first match decides, strict against fallback,
 * for forwarded and for the gateway's own traffic) and sticky sources across a member's failure
 * and return. Needs root, nft, ip and conntrack; skipped with the reason printed otherwise.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "dnsmasq", "dhclient"})
class LabSemanticsTest {

    static final String NAME = "fwsem" + ProcessHandle.current().pid() % 10000;
    static final String CLIENT = NAME + "-lan-lan0";
    static final String GATEWAY = NAME + "-gw";

    private final Lab lab = new Lab();

    @AfterEach
    void down() throws Exception {
        lab.down(NAME);
    }

    private static String via(String namespace, String target) throws Exception {
        return whoami(NAME, namespace, target, List.of()).getOrDefault("-", "no answer");
    }

    private void awaitHealth(String uplink, String health) throws Exception {
        assertThat(RunningLab.await(
                        Duration.ofSeconds(15), () -> health(NAME, uplink).equals(health)))
                .as("%s %s", uplink, health)
                .isTrue();
    }

    /**
     * policy-overlap.hcl: "first" (tcp 80 to .202 via eth0) and the strict "vpn" (tcp 80 to .203
     * via eth0) come before "later" (.202 and .203 via eth1); the default group prefers eth3.
     */
    @Test
    void theFirstMatchingRouteDecidesAndAStrictRouteStaysBlocked() throws Exception {
        LabTests.up(NAME, "policy-overlap.hcl");
        assertThat(via(CLIENT, "203.0.113.202")).as("first beats later").isEqualTo("eth0");
        assertThat(via(CLIENT, "203.0.113.203")).as("vpn beats later").isEqualTo("eth0");
        assertThat(via(CLIENT, "203.0.113.201"))
                .as("no route: the default group")
                .isEqualTo("eth3");
        assertThat(via(GATEWAY, "203.0.113.202"))
                .as("the gateway's own traffic: first")
                .isEqualTo("eth0");
        assertThat(via(GATEWAY, "203.0.113.201"))
                .as("the gateway's own traffic: default group")
                .isEqualTo("eth3");
        // what only "later" matches (UDP) does go through eth1
        LabTests.inside(NAME, CLIENT, "lab", "client", "--target", "203.0.113.202", "--udp", "10", "--port", "1194");
        assertThat(lab.counter(NAME, "eth1", "udp_1194")).isEqualTo(10);
        assertThat(lab.counter(NAME, "eth0", "udp_1194") + lab.counter(NAME, "eth3", "udp_1194"))
                .isZero();

        // eth0 dies: "first" falls back to the default group (eth3), not to "later"; "vpn" is blocked
        lab.breakIsp(NAME, "eth0");
        awaitHealth("eth0", "DOWN");
        assertThat(via(CLIENT, "203.0.113.202"))
                .as("fallback is the default group")
                .isEqualTo("eth3");
        assertThat(via(CLIENT, "203.0.113.203"))
                .as("strict: blocked, not taken by a later route")
                .isEqualTo("failed");
        assertThat(via(GATEWAY, "203.0.113.202"))
                .as("the gateway's own traffic falls back too")
                .isEqualTo("eth3");
        assertThat(lab.counter(NAME, "eth1", "web_syn"))
                .as("nothing of .202/.203 on tcp 80 went to eth1")
                .isZero();

        lab.heal(NAME, "eth0");
        awaitHealth("eth0", "UP");
        assertThat(RunningLab.await(
                        Duration.ofSeconds(5),
                        () -> quietly(() -> via(CLIENT, "203.0.113.203")).equals("eth0")))
                .as("vpn back on eth0")
                .isTrue();
    }

    /**
     * sticky-3.hcl: 100 LAN sources over three equal members. Each source keeps its uplink across
     * connections; eth1 failing moves only eth1's sources; its return moves nobody, and only new
     * sources use it again.
     */
    @Test
    void stickySourcesMoveOnlyWhenTheirOwnUplinkFails() throws Exception {
        LabTests.up(NAME, "sticky-3.hcl");
        List<String> sources = addresses(100, 199);
        Map<String, String> first = whoami(NAME, CLIENT, "203.0.113.202", sources);
        assertThat(first).hasSize(100).doesNotContainValue("failed");
        for (String uplink : List.of("eth0", "eth1", "eth3")) {
            assertThat(first.values().stream().filter(uplink::equals).count())
                    .as("sources on %s", uplink)
                    .isGreaterThan(10);
        }
        assertThat(whoami(NAME, CLIENT, "203.0.113.202", sources))
                .as("a second connection per source")
                .isEqualTo(first);

        lab.breakIsp(NAME, "eth1");
        awaitHealth("eth1", "DOWN");
        Map<String, String> failed = whoami(NAME, CLIENT, "203.0.113.202", sources);
        for (String s : sources) {
            if (first.get(s).equals("eth1")) {
                assertThat(failed.get(s)).as("%s moved off the dead eth1", s).isIn("eth0", "eth3");
            } else {
                assertThat(failed.get(s)).as("%s kept its live uplink", s).isEqualTo(first.get(s));
            }
        }

        lab.heal(NAME, "eth1");
        awaitHealth("eth1", "UP");
        assertThat(RunningLab.await(
                        Duration.ofSeconds(5),
                        () -> RunningLab.active(LabTests.built(NAME), "default").contains("eth1")))
                .as("eth1 back in the balance")
                .isTrue();
        assertThat(whoami(NAME, CLIENT, "203.0.113.202", sources))
                .as("the return moves nobody")
                .isEqualTo(failed);
        Map<String, String> fresh = whoami(NAME, CLIENT, "203.0.113.202", addresses(200, 229));
        assertThat(fresh.values().stream().filter(Predicate.isEqual("eth1")).count())
                .as("new sources use eth1 again")
                .isPositive();
    }

    private static String quietly(java.util.concurrent.Callable<String> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return "error: " + e;
        }
    }

    /**
     * delay.hcl: failover eth0 → eth1 with failback_delay = 4s. eth0 recovers, flaps down and up
     * again; the group and the policy route to eth0 return to it only once eth0 has itself been
     * up for the whole delay since its last recovery, and new connections say so at the ISPs.
     */
    @Test
    void aFlappingUplinkGetsTrafficBackOnlyAfterItsOwnDelay() throws Exception {
        LabTests.up(NAME, "delay.hcl");
        assertThat(via(CLIENT, "203.0.113.202")).isEqualTo("eth0");
        lab.breakIsp(NAME, "eth0");
        awaitHealth("eth0", "DOWN");
        assertThat(via(CLIENT, "203.0.113.202")).isEqualTo("eth1");
        assertThat(via(CLIENT, "203.0.113.203"))
                .as("the route falls back while eth0 is down")
                .isEqualTo("eth1");

        lab.heal(NAME, "eth0");
        awaitHealth("eth0", "UP");
        lab.breakIsp(NAME, "eth0"); // the flap
        awaitHealth("eth0", "DOWN");
        // from now on a new connection every 250 ms from the LAN client, to the group's and to the route's
        // destination, each line stamped with the time the connection was opened
        Path groupLog = Lab.dir(NAME).resolve("watch-group.log");
        Path routeLog = Lab.dir(NAME).resolve("watch-route.log");
        Process group = RunningLab.spawn(
                CLIENT, groupLog, "lab", "client", "--target", "203.0.113.202", "--whoami", "--watch", "20s");
        Process route = RunningLab.spawn(
                CLIENT, routeLog, "lab", "client", "--target", "203.0.113.203", "--whoami", "--watch", "20s");
        assertThat(RunningLab.await(
                        Duration.ofSeconds(20),
                        () -> quietly(() -> Files.readString(routeLog)).contains(" eth1")))
                .as("the watchers run")
                .isTrue();
        lab.heal(NAME, "eth0");
        awaitHealth("eth0", "UP");
        // eth0's own wan_up, as the daemon recorded it: its delay counts from here
        long up = java.time.Instant.parse(RunningLab.uplink(LabTests.built(NAME), "eth0")
                        .orElseThrow()
                        .since())
                .toEpochMilli();
        assertThat(group.waitFor(60, TimeUnit.SECONDS) && route.waitFor(60, TimeUnit.SECONDS))
                .isTrue();
        for (Path log : List.of(groupLog, routeLog)) {
            List<long[]> seen = new ArrayList<>(); // {ms after wan_up, 1 when eth0 answered}
            for (String line : Files.readAllLines(log)) {
                String[] w = line.split(" ");
                if (w.length == 2 && w[0].matches("\\d+")) {
                    seen.add(new long[] {Long.parseLong(w[0]) - up, w[1].equals("eth0") ? 1 : 0});
                }
            }
            String shown = seen.stream()
                    .map(o -> o[0] + (o[1] == 1 ? ":eth0" : ":eth1"))
                    .toList()
                    .toString();
            System.out.println("after the flap, " + log.getFileName() + ": " + shown);
            assertThat(seen).as(shown).isNotEmpty();
            // connections opened before the 4 s delay was over (less 250 ms for the clocks) stayed on eth1
            List<long[]> held =
                    seen.stream().filter(o -> o[0] >= 0 && o[0] < 3_750).toList();
            assertThat(held).as("connections while eth0 is held: %s", shown).hasSizeGreaterThan(3);
            assertThat(held.stream().allMatch(o -> o[1] == 0))
                    .as("held: %s", shown)
                    .isTrue();
            long back = seen.stream()
                    .filter(o -> o[1] == 1)
                    .mapToLong(o -> o[0])
                    .min()
                    .orElse(-1);
            assertThat(back)
                    .as("eth0 gets traffic back after its own delay: %s", shown)
                    .isBetween(3_750L, 12_000L);
        }
    }

    /** Adds 192.168.1.FIRST–LAST to the LAN client and returns them. */
    private static List<String> addresses(int first, int last) throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = first; i <= last; i++) {
            out.add("192.168.1." + i);
            batch.append("addr add 192.168.1.").append(i).append("/24 dev eth0\n");
        }
        Kernel.Result r = new Kernel(Optional.of(CLIENT)).run(batch.toString(), "ip", "-batch", "-");
        assertThat(r.ok()).as(r.err()).isTrue();
        return out;
    }
}
