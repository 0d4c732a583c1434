package dev.flywall.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The marks of uplink slots within runtime { mark_mask }, the full 32 bits included. */
class MarkLayoutTest {

    @Test
    void theDefaultMaskHas254SlotsAndTheAllOnesSlotBlocks() {
        assertThat(MarkLayout.DEFAULT.maxSlot()).isEqualTo(254);
        assertThat(MarkLayout.DEFAULT.mark(1)).isEqualTo(0x100);
        assertThat(MarkLayout.DEFAULT.blackhole()).isEqualTo(0xff00);
        assertThatThrownBy(() -> MarkLayout.DEFAULT.mark(255)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFull32BitMaskLeavesMoreSlotsThanAnIntAndMarksFromBitZero() {
        // 2^32 - 2 slots: the count was cast to an int and came out negative, so no slot fitted
        MarkLayout all = new MarkLayout(0xffffffffL);
        assertThat(all.maxSlot()).isEqualTo(Integer.MAX_VALUE);
        assertThat(all.mark(1)).isEqualTo(1);
        assertThat(all.mark(99)).isEqualTo(99);
        assertThat(all.keepOthers()).isZero();
    }
}
