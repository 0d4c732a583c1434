package dev.flywall.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Rules as {@code ip -j rule show} lists them, reduced to what {@code ip rule add} can declare. */
class KernelRuleTest {

    /** As iproute2 6.1 prints flywall's rules; the oif rule's device is gone ({@code [detached]} in the text form). */
    private static final String LISTED = "[{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},"
            + "{\"priority\":9000,\"src\":\"all\",\"table\":\"main\",\"suppress_prefixlen\":0,\"protocol\":\"241\"},"
            + "{\"priority\":9101,\"src\":\"all\",\"fwmark\":\"0x100\",\"fwmask\":\"0xff00\",\"table\":\"101\","
            + "\"protocol\":\"241\"},"
            + "{\"priority\":9201,\"src\":\"203.0.113.10\",\"table\":\"101\",\"protocol\":\"241\"},"
            + "{\"priority\":9301,\"src\":\"all\",\"oif\":\"eth0\",\"oif_detached\":null,\"table\":\"101\","
            + "\"protocol\":\"241\"},"
            + "{\"priority\":9302,\"src\":\"10.1.0.0\",\"srclen\":16,\"dst\":\"10.0.0.0\",\"dstlen\":8,\"iif\":\"eth1\","
            + "\"ipproto\":\"tcp\",\"dport\":80,\"table\":\"7\"},"
            + "{\"priority\":9499,\"src\":\"all\",\"fwmark\":\"0xff00\",\"fwmask\":\"0xff00\",\"action\":\"prohibit\","
            + "\"protocol\":\"241\"},{\"priority\":32766,\"src\":\"all\",\"table\":\"main\"}]";

    @Test
    void flywallsBlockIsDeclaredWithoutTheDetachedFlag() throws Exception {
        assertThat(KernelRule.parse(LISTED, 9000, 9499))
                .extracting(KernelRule::declaration)
                .containsExactly(
                        "priority 9000 lookup main suppress_prefixlength 0 protocol 241",
                        "priority 9101 fwmark 0x100/0xff00 lookup 101 protocol 241",
                        "priority 9201 from 203.0.113.10 lookup 101 protocol 241",
                        "priority 9301 oif eth0 lookup 101 protocol 241",
                        "priority 9302 from 10.1.0.0/16 to 10.0.0.0/8 iif eth1 ipproto tcp dport 80 lookup 7",
                        "priority 9499 fwmark 0xff00/0xff00 prohibit protocol 241");
        assertThat(KernelRule.parse(LISTED.replace(",\"oif_detached\":null", ""), 9000, 9499))
                .isEqualTo(KernelRule.parse(LISTED, 9000, 9499));
        assertThat(KernelRule.parse("", 9000, 9499)).isEmpty();
    }

    /** A selector it cannot write back would restore a broader rule: the capture refuses instead. */
    @Test
    void aSelectorItCannotDeclareRefusesTheSnapshot() {
        assertThatThrownBy(() -> KernelRule.parse(
                        "[{\"priority\":9100,\"src\":\"all\",\"not\":null,\"table\":\"5\"}]", 9000, 9499))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("field \"not\"");
    }

    /** Journals written by earlier versions hold the text form; they are read as declarations. */
    @Test
    void journalsOfEarlierVersionsAreRead() throws Exception {
        String old = "{\"table\":null,\"rules4\":[\"9301:\\tfrom all oif eth0 [detached] lookup 101 proto 241\","
                + "\"9201:\\tfrom 203.0.113.10 lookup 101 proto 241\"],\"rules6\":[],\"routes4\":[],\"routes6\":[]}";
        assertThat(KernelState.fromJson(old).rules4())
                .containsExactly(
                        "priority 9301 oif eth0 lookup 101 proto 241",
                        "priority 9201 from 203.0.113.10 lookup 101 proto 241");
    }
}
