package dev.flywall.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * The gate, run by JUnit itself (EngineTestKit) over sample test classes, with the machine
 * simulated: root or not, with or without nft, in CI or not.
 */
class HostRequirementsTest {

    @Test
    void rootWithTheToolsRunsTheTest() {
        Events tests = run(NeedsRootAndNft.class, RootWithNft.class);

        tests.assertStatistics(stats -> stats.started(1).succeeded(1).skipped(0).failed(0));
    }

    @Test
    void rootWithTheToolsRunsTheTestInCiToo() {
        run(NeedsRootAndNft.class, RootWithNftInCi.class)
                .assertStatistics(
                        stats -> stats.started(1).succeeded(1).skipped(0).failed(0));
    }

    @Test
    void aUserOutsideCiSkipsTheWholeClassWithTheReason() {
        Events containers = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsRootAndNft.class))
                .configurationParameter(HostRequirements.HOST_PARAMETER, User.class.getName())
                .execute()
                .containerEvents();

        containers
                .assertThatEvents()
                .haveExactly(1, skippedWithReason("needs root (running as uid 1000); nft (Debian package nftables)"));
    }

    @Test
    void aUserInCiFailsTheTestNamingWhatIsMissing() {
        Events containers = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsRootAndNft.class))
                .configurationParameter(HostRequirements.HOST_PARAMETER, UserInCi.class.getName())
                .execute()
                .containerEvents();

        containers
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(
                                instanceOf(AssertionFailedError.class),
                                message(m -> m.contains(
                                        "must run when CI=true, but this machine lacks: root (running as uid 1000);"
                                                + " nft (Debian package nftables)")))));
        assertThat(containers.skipped().count()).isZero();
    }

    @Test
    void rootWithoutATool_inCi_failsNamingTheToolAndItsPackage() {
        Events containers = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsRootAndNft.class))
                .configurationParameter(HostRequirements.HOST_PARAMETER, RootWithoutNftInCi.class.getName())
                .execute()
                .containerEvents();

        containers
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(message(
                                m -> m.contains("lacks: nft (Debian package nftables).") && !m.contains("uid")))));
    }

    @Test
    void aMethodLevelRequirementGatesOnlyThatMethod() {
        Events outside = run(OneMethodNeedsRoot.class, User.class);
        outside.assertThatEvents()
                .haveExactly(1, event(test("plain"), finishedSuccessfully()))
                .haveExactly(1, event(test("asRoot"), skippedWithReason("needs root (running as uid 1000)")));

        Events inCi = run(OneMethodNeedsRoot.class, UserInCi.class);
        inCi.assertThatEvents()
                .haveExactly(1, event(test("plain"), finishedSuccessfully()))
                .haveExactly(1, event(test("asRoot"), finishedWithFailure(message(m -> m.contains("CI=true")))));
    }

    @Test
    void aTestWithoutRequirementsIsNotGatedEvenInCi() {
        run(NoRequirements.class, UserInCi.class)
                .assertStatistics(
                        stats -> stats.started(1).succeeded(1).skipped(0).failed(0));
    }

    @Test
    void ciMustBeTrueToFail() {
        assertThat(HostRequirements.decide("T", List.of("root (running as uid 1000)"), false)
                        .isDisabled())
                .isTrue();
        assertThat(HostRequirements.decide("T", List.of(), true).isDisabled()).isFalse();
    }

    @Test
    void thisMachineIsReadAsItIs() throws Exception {
        Host host = Host.current();
        assertThat(host.hasTool("sh")).isTrue();
        assertThat(host.hasTool("no-such-tool-" + ProcessHandle.current().pid()))
                .isFalse();
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Optional<String> missing = host.missingPrivilege();
        if (uid != 0) {
            assertThat(missing).contains("root (running as uid " + uid + ")");
        } else {
            missing.ifPresent(why -> assertThat(why).contains("CAP_"));
        }
    }

    private static Events run(Class<?> testClass, Class<? extends Host> host) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter(HostRequirements.HOST_PARAMETER, host.getName())
                .execute()
                .testEvents();
    }

    // --- sample test classes, run only through EngineTestKit (Surefire skips nested classes) ---

    @NeedsRoot
    @NeedsTools("nft")
    static class NeedsRootAndNft {
        @Test
        void kernelTest() {}
    }

    static class OneMethodNeedsRoot {
        @Test
        void plain() {}

        @Test
        @NeedsRoot
        void asRoot() {}
    }

    static class NoRequirements {
        @Test
        void anything() {}
    }

    // --- simulated machines ---

    /** A host with fixed answers. */
    abstract static class Simulated implements Host {
        private final boolean root;
        private final boolean nft;
        private final boolean ci;

        Simulated(boolean root, boolean nft, boolean ci) {
            this.root = root;
            this.nft = nft;
            this.ci = ci;
        }

        @Override
        public Optional<String> missingPrivilege() {
            return root ? Optional.empty() : Optional.of("root (running as uid 1000)");
        }

        @Override
        public boolean hasTool(String tool) {
            return !tool.equals("nft") || nft;
        }

        @Override
        public Optional<String> env(String name) {
            return name.equals("CI") && ci ? Optional.of("true") : Optional.empty();
        }
    }

    public static final class RootWithNft extends Simulated {
        public RootWithNft() {
            super(true, true, false);
        }
    }

    public static final class RootWithNftInCi extends Simulated {
        public RootWithNftInCi() {
            super(true, true, true);
        }
    }

    public static final class RootWithoutNftInCi extends Simulated {
        public RootWithoutNftInCi() {
            super(true, false, true);
        }
    }

    public static final class User extends Simulated {
        public User() {
            super(false, false, false);
        }
    }

    public static final class UserInCi extends Simulated {
        public UserInCi() {
            super(false, false, true);
        }
    }
}
