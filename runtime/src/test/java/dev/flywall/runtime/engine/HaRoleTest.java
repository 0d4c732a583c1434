package dev.flywall.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.bundle.WatchdogFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keepalived's FIFO lines as {@link HaRole} reads them, and the role changes they make. */
class HaRoleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static WatchdogFile.Ha ha(String... devices) {
        return new WatchdogFile.Ha(
                200,
                51,
                200,
                true,
                2000,
                "eth3",
                "10.99.0.1",
                "10.99.0.2",
                3780,
                List.of(devices).stream()
                        .map(d -> new WatchdogFile.VirtualAddresses(d, List.of("192.168.1.1/24")))
                        .toList());
    }

    private static HaRole.Line line(String text) {
        return HaRole.Line.parse(text).orElseThrow();
    }

    @Test
    void readsInstanceAndGroupLines() {
        assertThat(HaRole.Line.parse("INSTANCE \"flywall_eth2\" MASTER 200"))
                .contains(new HaRole.Line(HaRole.Scope.INSTANCE, "flywall_eth2", "MASTER", OptionalInt.of(200)));
        assertThat(HaRole.Line.parse("GROUP \"flywall\" BACKUP\n"))
                .contains(new HaRole.Line(HaRole.Scope.GROUP, "flywall", "BACKUP", OptionalInt.empty()));
        // older keepalived versions wrote the names without quotes
        assertThat(HaRole.Line.parse("INSTANCE flywall_eth0 FAULT 100"))
                .contains(new HaRole.Line(HaRole.Scope.INSTANCE, "flywall_eth0", "FAULT", OptionalInt.of(100)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "MASTER",
                "VS \"10.0.0.1:80\" UP",
                "INSTANCE \"flywall_eth2\"",
                "INSTANCE \"flywall_eth2\" master 200",
                "INSTANCE \"flywall_eth2\" MASTER 2000",
                "GROUP \"flywall\" BACKUP extra"
            })
    void otherLinesAreNoTransitions(String text) {
        assertThat(HaRole.Line.parse(text)).isEmpty();
    }

    @Test
    void aSingleInstanceFollowsItsOwnLines() {
        HaRole role = new HaRole(ha("eth2"), T0);
        assertThat(role.role()).isEqualTo(HaRole.Role.INIT);
        assertThat(role.follows()).isEqualTo("INSTANCE \"flywall_eth2\"");
        assertThat(role.follow(line("INSTANCE \"flywall_eth0\" MASTER 200"), T0.plusSeconds(1)))
                .isEmpty();
        assertThat(role.follow(line("GROUP \"flywall\" MASTER"), T0.plusSeconds(1)))
                .isEmpty();
        Optional<HaRole.Change> backup = role.follow(line("INSTANCE \"flywall_eth2\" BACKUP 200"), T0.plusSeconds(1));
        assertThat(backup)
                .contains(new HaRole.Change(
                        HaRole.Role.INIT, HaRole.Role.BACKUP, T0.plusSeconds(1), "INSTANCE \"flywall_eth2\" BACKUP"));
        Optional<HaRole.Change> master = role.follow(line("INSTANCE \"flywall_eth2\" MASTER 200"), T0.plusSeconds(2));
        assertThat(master.map(HaRole.Change::from)).contains(HaRole.Role.BACKUP);
        assertThat(role.role()).isEqualTo(HaRole.Role.MASTER);
        assertThat(role.since()).isEqualTo(T0.plusSeconds(2));
        assertThat(role.transitions()).isEqualTo(2);
    }

    @Test
    void withASyncGroupOnlyTheGroupsLinesCount() {
        HaRole role = new HaRole(ha("eth0", "eth2"), T0);
        assertThat(role.follows()).isEqualTo("GROUP \"flywall\"");
        assertThat(role.follow(line("INSTANCE \"flywall_eth2\" MASTER 200"), T0))
                .isEmpty();
        assertThat(role.follow(line("GROUP \"flywall\" MASTER"), T0).map(HaRole.Change::to))
                .contains(HaRole.Role.MASTER);
        // a repeat is no change
        assertThat(role.follow(line("GROUP \"flywall\" MASTER"), T0.plusSeconds(1)))
                .isEmpty();
        assertThat(role.follow(line("GROUP \"flywall\" FAULT"), T0.plusSeconds(2))
                        .map(HaRole.Change::to))
                .contains(HaRole.Role.FAULT);
        assertThat(role.transitions()).isEqualTo(2);
    }

    @Test
    void stopAndAnExitReturnToInitWithoutCountingAsATransition() {
        HaRole role = new HaRole(ha("eth2"), T0);
        role.follow(line("INSTANCE \"flywall_eth2\" MASTER 200"), T0);
        assertThat(role.follow(line("INSTANCE \"flywall_eth2\" STOP 200"), T0.plusSeconds(1))
                        .map(HaRole.Change::to))
                .contains(HaRole.Role.INIT);
        assertThat(role.reset(T0.plusSeconds(2), "keepalived exited")).isEmpty();
        role.follow(line("INSTANCE \"flywall_eth2\" BACKUP 200"), T0.plusSeconds(3));
        assertThat(role.reset(T0.plusSeconds(4), "keepalived exited"))
                .contains(new HaRole.Change(
                        HaRole.Role.BACKUP, HaRole.Role.INIT, T0.plusSeconds(4), "keepalived exited"));
        assertThat(role.transitions()).isEqualTo(2);
        // MASTER_RX_LOWER_PRI and other states are not acted on
        assertThat(role.follow(line("INSTANCE \"flywall_eth2\" MASTER_RX_LOWER_PRI 200"), T0))
                .isEmpty();
    }

    @Test
    void aReloadKeepsTheRoleAndFollowsTheNewInstances() {
        HaRole role = new HaRole(ha("eth2"), T0);
        role.follow(line("INSTANCE \"flywall_eth2\" MASTER 200"), T0.plusSeconds(1));
        HaRole next = role.following(ha("eth0", "eth2"));
        assertThat(List.of(next.role(), next.since(), next.transitions()))
                .containsExactly(HaRole.Role.MASTER, T0.plusSeconds(1), 1L);
        assertThat(next.follows()).isEqualTo("GROUP \"flywall\"");
        assertThat(next.follow(line("INSTANCE \"flywall_eth2\" BACKUP 200"), T0))
                .isEmpty();
    }
}
