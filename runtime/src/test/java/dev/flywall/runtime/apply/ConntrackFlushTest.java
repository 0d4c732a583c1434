package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The spare conntrack's bookkeeping; its deletions in a namespace are in KernelEffectsTest. Here:
 * how its output is counted, and that a spare that could not run hands the flush to the one-shot
 * path, whose error is the one reported.
 */
class ConntrackFlushTest {

    @Test
    void eachNonBlankLineIsOneDeletedEntry() {
        assertThat(ConntrackFlush.entries(bytes(""))).isZero();
        assertThat(ConntrackFlush.entries(bytes("\n \n"))).isZero();
        assertThat(ConntrackFlush.entries(bytes("tcp 6 431999 ESTABLISHED src=192.0.2.10 mark=256\n")))
                .isEqualTo(1);
        assertThat(ConntrackFlush.entries(bytes("udp a\n\nudp b\nudp c"))).isEqualTo(3);
    }

    @Test
    void aMarkMustBeAMarkAndAMask() {
        ConntrackFlush flush = ConntrackFlush.oneShot(new Kernel(Optional.empty()));

        assertThatThrownBy(() -> flush.flush("0x100 --orig-src 10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @NeedsRoot
    @NeedsTools({"ip", "conntrack"})
    @Timeout(30)
    void aSpareThatCouldNotRunHandsTheFlushToConntrackD() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Kernel nowhere =
                new Kernel(Optional.of("fwct-missing-" + ProcessHandle.current().pid()));
        try (ConntrackFlush flush = ConntrackFlush.withSpare(nowhere, Duration.ofSeconds(10), log::add)) {
            flush.prepare();
            Thread.sleep(300); // ip netns exec gives up at once

            assertThatThrownBy(() -> flush.flush("0x100/0xff00"))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("conntrack -D failed");
            assertThat(log).singleElement().asString().contains("exited early");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
