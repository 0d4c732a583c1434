package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dual-stack round rule: with targets of both address families a round is good only when
 * {@code reliability} targets answered and each family had an answer; one-family checks keep the
 * plain reliability rule.
 */
class DualStackRoundTest {

    static WatchdogConfig.HealthCheck check(int reliability, String... targets) {
        return new WatchdogConfig.HealthCheck(
                "icmp",
                List.of(targets),
                0,
                "",
                "",
                0,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                3,
                2,
                reliability,
                Optional.empty(),
                Optional.empty());
    }

    /** Samples for {@code targets}, "ok" or "-" (lost, with "timeout via TARGET") in {@code results}. */
    static List<StateMachine.Sample> samples(String results, String... targets) {
        String[] r = results.split(" ");
        List<StateMachine.Sample> out = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            out.add(
                    r[i].equals("ok")
                            ? StateMachine.Sample.ok(targets[i], Duration.ofMillis(7))
                            : StateMachine.Sample.lost(targets[i], "timeout via " + targets[i]));
        }
        return out;
    }

    private static final String[] DUAL = {"192.0.2.1", "198.51.100.1", "2001:db8::1", "2001:db8::2"};

    @ParameterizedTest(name = "reliability {0}, results [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1 | ok ok ok ok | good
            1 | ok - - ok   | good
            2 | ok - ok -   | good
            1 | ok ok - -   | no IPv6 target answered (2 of 4 targets answered; timeout via 2001:db8::1)
            2 | ok ok - -   | no IPv6 target answered (2 of 4 targets answered; timeout via 2001:db8::1)
            1 | - - ok -    | no IPv4 target answered (1 of 4 targets answered; timeout via 192.0.2.1)
            3 | ok ok ok -  | good
            3 | ok - ok -   | 2 of 4 targets answered (timeout via 198.51.100.1)
            4 | ok ok ok -  | 3 of 4 targets answered (timeout via 2001:db8::2)
            1 | - - - -     | 0 of 4 targets answered (timeout via 192.0.2.1)
            """)
    void bothFamiliesMustAnswerBesidesReliability(int reliability, String results, String expected) {
        UplinkState state = new UplinkState("wan1", Optional.empty(), StateMachineTest.T0);
        List<StateMachine.Sample> round = samples(results, DUAL);
        state.remember(round);
        assertThat(state.failure(check(reliability, DUAL), round).orElse("good"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ok -     | 192.0.2.1,198.51.100.1
            - ok     | 2001:db8::1,2001:db8::2
            """)
    void aOneFamilyCheckKeepsThePlainRule(String results, String targets) {
        String[] t = targets.split(",");
        UplinkState state = new UplinkState("wan1", Optional.empty(), StateMachineTest.T0);
        List<StateMachine.Sample> round = samples(results, t);
        state.remember(round);
        assertThat(state.failure(check(1, t), round)).isEmpty();
        assertThat(state.failure(check(2, t), round))
                .hasValueSatisfying(r -> assertThat(r).startsWith("1 of 2 targets answered"));
    }

    @Test
    void onlyAddressLiteralsHaveAFamily() {
        assertThat(TargetFamily.of("192.0.2.1")).contains(TargetFamily.IPV4);
        assertThat(TargetFamily.of("2001:db8::1")).contains(TargetFamily.IPV6);
        assertThat(TargetFamily.of("[2001:db8::1]")).contains(TargetFamily.IPV6);
        assertThat(TargetFamily.of("fe80::1%wan1")).contains(TargetFamily.IPV6);
        // an http check's URL, whatever its host: it is the check's only target
        assertThat(TargetFamily.of("http://[2001:db8::1]/generate_204")).isEmpty();
        assertThat(TargetFamily.of("https://192.0.2.1/")).isEmpty();
        assertThat(TargetFamily.of("http://www.example/")).isEmpty();
        assertThat(TargetFamily.of("example.org")).isEmpty();
    }

    @Test
    void anUplinkWhoseIpv6IsBrokenGoesDownAsAWholeAndSaysWhy() throws Exception {
        WatchdogConfig c = StateMachineTest.config("ipv6-dual-stack.hcl");
        List<String> targets = c.healthCheck("eth0").orElseThrow().probeTargets();
        assertThat(targets).containsExactly("1.1.1.1", "9.9.9.9", "2606:4700:4700::1111", "2620:fe::fe");
        StateMachine machine = new StateMachine(c, StateMachineTest.T0);
        for (int i = 0; i < 2; i++) {
            machine.apply(StateMachineTest.ok("eth0", c), StateMachineTest.T0.plusSeconds(5 * i));
            machine.apply(StateMachineTest.ok("eth1", c), StateMachineTest.T0.plusSeconds(5 * i));
        }
        assertThat(machine.health("eth0")).isEqualTo(StateMachine.Health.UP);
        List<StateMachine.Event> events = new ArrayList<>();
        for (int i = 2; i < 5; i++) {
            // IPv4 answers, with reliability 2 met by the two IPv4 targets alone
            StateMachine.Round v6Broken = new StateMachine.Round(
                    "eth0",
                    List.of(
                            StateMachine.Sample.ok("1.1.1.1", Duration.ofMillis(9)),
                            StateMachine.Sample.ok("9.9.9.9", Duration.ofMillis(11)),
                            StateMachine.Sample.lost("2606:4700:4700::1111", "network unreachable"),
                            StateMachine.Sample.lost("2620:fe::fe", "network unreachable")));
            events.addAll(machine.apply(v6Broken, StateMachineTest.T0.plusSeconds(5 * i))
                    .events());
        }
        assertThat(machine.health("eth0")).isEqualTo(StateMachine.Health.DOWN);
        assertThat(machine.active("default")).containsExactly("eth1");
        assertThat(events).extracting(StateMachine.Event::kind).containsExactly(EventKind.WAN_DOWN, EventKind.FAILOVER);
        assertThat(events.get(0).reason())
                .isEqualTo("3 failed rounds: no IPv6 target answered (2 of 4 targets answered; network unreachable)");
        assertThat(events.get(1).reason())
                .isEqualTo("eth0 down (3 failed rounds: no IPv6 target answered (2 of 4 targets answered;"
                        + " network unreachable))");
    }
}
