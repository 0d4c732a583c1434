package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The long-running {@code nft -i} in a scratch network namespace: scripts land as one transaction
 * each, a refused one changes nothing and says why, and a session that died or cannot run hands
 * the script to {@code nft -f}.
 */
@NeedsRoot
@NeedsTools({"nft", "ip"})
@Timeout(60)
class NftSessionTest {

    private static final String TABLE = """
            table inet t {
              set s { type ipv4_addr; }
              chain a { }
              chain b { }
            }
            """;

    private String ns;
    private Kernel kernel;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private NftSession session;

    @BeforeEach
    void namespace() throws Exception {
        ns = "fwnft-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        assertThat(new Kernel(Optional.empty())
                        .run("", "ip", "netns", "add", ns)
                        .ok())
                .isTrue();
        kernel = new Kernel(Optional.of(ns));
        assertThat(kernel.run(TABLE, "nft", "-f", "-").ok()).isTrue();
        session = NftSession.open(kernel, Duration.ofSeconds(10), log::add);
    }

    @AfterEach
    void cleanUp() throws Exception {
        session.close();
        new Kernel(Optional.empty()).run("", "ip", "netns", "del", ns);
    }

    private String chain(String name) throws Exception {
        return kernel.run("", "nft", "list", "chain", "inet", "t", name).out();
    }

    @Test
    void scriptsLandThroughTheRunningSession() throws Exception {
        session.prepare();
        List<Long> sessionBefore = sessions();

        for (int i = 0; i < 3; i++) {
            Kernel.Result r = session.run("flush chain inet t a\nadd rule inet t a meta mark " + i
                    + " counter comment \"round " + i + "; with a semicolon\"\n");
            assertThat(r.ok()).as(r.err()).isTrue();
        }

        assertThat(chain("a"))
                .contains("meta mark 0x00000002 counter packets 0 bytes 0 comment \"round 2; with a semicolon\"")
                .doesNotContain("round 1");
        // the same process took every script, and no fallback to nft -f was logged
        assertThat(sessionBefore).hasSize(1);
        assertThat(sessions()).isEqualTo(sessionBefore);
        assertThat(log).isEmpty();
    }

    @Test
    void aRefusedScriptChangesNothingAndTheSessionGoesOn() throws Exception {
        session.run("add rule inet t a counter comment \"kept\"\n");

        Kernel.Result r = session.run(
                "flush chain inet t a\nadd rule inet t b counter\nflush set inet t s\nadd rule inet t missing counter\n");

        assertThat(r.ok()).isFalse();
        assertThat(r.err()).contains("Error:").contains("missing");
        assertThat(chain("a")).contains("comment \"kept\"");
        assertThat(chain("b")).doesNotContain("counter");
        assertThat(session.run("add rule inet t b counter\n").ok()).isTrue();
        assertThat(chain("b")).contains("counter");
    }

    @Test
    void aSessionThatDiedIsStartedAgain() throws Exception {
        session.prepare();
        ProcessHandle.current().descendants().filter(NftSessionTest::isSession).forEach(ProcessHandle::destroyForcibly);
        Thread.sleep(200);

        Kernel.Result r = session.run("add rule inet t a counter comment \"after\"\n");

        assertThat(r.ok()).as(r.err()).isTrue();
        assertThat(chain("a")).contains("after");
        assertThat(sessions()).hasSize(1);
    }

    @Test
    void withoutAWorkingSessionScriptsGoThroughNftFile() throws Exception {
        // comments would swallow the rest of the joined line: such scripts never use the session
        Kernel.Result commented = session.run("# a comment\nadd rule inet t a counter comment \"via -f\"\n");
        assertThat(commented.ok()).as(commented.err()).isTrue();
        assertThat(chain("a")).contains("via -f");

        // a namespace that is not there: nft -i cannot start, and nft -f gives the error
        NftSession nowhere = NftSession.open(new Kernel(Optional.of(ns + "-gone")), Duration.ofSeconds(10), log::add);
        Kernel.Result r = nowhere.run("add rule inet t a counter\n");
        nowhere.close();

        assertThat(r.ok()).isFalse();
        assertThat(log).singleElement().asString().contains("switching through nft -f");
    }

    @Test
    void theOneShotSessionStartsNothingThatStays() throws Exception {
        NftSession oneShot = NftSession.oneShot(kernel);
        oneShot.prepare();

        assertThat(oneShot.run("add rule inet t a counter\n").ok()).isTrue();

        assertThat(chain("a")).contains("counter");
        assertThat(sessions()).isEmpty();
    }

    private static List<Long> sessions() {
        return ProcessHandle.current()
                .descendants()
                .filter(NftSessionTest::isSession)
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean isSession(ProcessHandle p) {
        return p.info().commandLine().map(c -> c.contains("nft -i")).orElse(false);
    }
}
