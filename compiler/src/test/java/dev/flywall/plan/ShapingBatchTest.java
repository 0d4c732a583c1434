package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tc lines of a shaped WAN, and what is refused before anything reaches tc. */
class ShapingBatchTest {

    @Test
    void anHtbRootWithOneDefaultClassAtTheRateAndTheLeafUnderIt() {
        assertThat(ShapingBatch.lines("eth0", 20_000_000, "pfifo"))
                .containsExactly(
                        "qdisc replace dev eth0 root handle 1: htb default 10",
                        "class replace dev eth0 parent 1: classid 1:10 htb rate 20000000bit ceil 20000000bit"
                                + " quantum 60000",
                        "qdisc replace dev eth0 parent 1:10 handle 10: pfifo");
        // quantum: rate / 8 / 10, at least one full frame, at most 60,000 bytes
        assertThat(ShapingBatch.lines("eth0", 100_000, "fq_codel").get(1)).endsWith(" quantum 1514");
    }

    @Test
    void theProbePriorityIsTheHtbRootsOwnHandle() {
        // HTB sends a packet whose priority is its handle (1:0) from its direct queue
        assertThat(ShapingBatch.lines("eth0", 20_000_000, "fq_codel").getFirst())
                .contains(" root handle 1: ");
        assertThat(ShapingBatch.PROBE_PRIORITY).isEqualTo(0x0001_0000);
    }

    @Test
    void whatReachesTcIsCheckedFirst() {
        assertThatThrownBy(() -> ShapingBatch.lines("eth0; reboot", 20_000_000, "pfifo"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShapingBatch.lines("eth0", 7_999, "pfifo"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShapingBatch.lines("eth0", 20_000_000, "pfifo limit 5"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
