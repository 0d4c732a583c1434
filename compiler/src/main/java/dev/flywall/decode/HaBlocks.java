package dev.flywall.decode;

import dev.flywall.diag.Code;
import dev.flywall.diag.DiagnosticSink;
import dev.flywall.model.Cidr;
import dev.flywall.model.DurationText;
import dev.flywall.model.Ha;
import dev.flywall.source.SourceSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code ha} block with the rules of the block alone: an advert interval VRRPv3 can
 * express (E0327), no preempt_delay without preempt (E0328), an IPv4 peer (E0407). The rules that
 * involve the interfaces are the validator's ({@code HaChecks}).
 */
final class HaBlocks {

    /** VRRPv3 counts the advert interval in centiseconds. */
    static final long ADVERT_STEP_MS = 10;

    private static final List<String> ARGUMENTS = List.of(
            "priority",
            "peer",
            "sync_interface",
            "sync_port",
            "router_id",
            "advert_interval",
            "preempt",
            "preempt_delay");

    private final DiagnosticSink problems;

    HaBlocks(DiagnosticSink problems) {
        this.problems = problems;
    }

    /** Runs only when decoding found no error, so the required arguments are there. */
    Ha build(DecodedBlock h) {
        Duration advert = h.value("advert_interval");
        if (advert.toMillis() % ADVERT_STEP_MS != 0 || advert.toNanos() % 1_000_000 != 0) {
            long down = advert.toMillis() / ADVERT_STEP_MS * ADVERT_STEP_MS;
            long up = down + ADVERT_STEP_MS;
            problems.error(
                    Code.E0327,
                    "Invalid VRRP advert interval",
                    "VRRPv3 counts the advert interval in centiseconds, so \"" + DurationText.format(advert)
                            + "\" cannot be advertised: write a multiple of 10ms.",
                    h.field("advert_interval").orElseThrow().where().span(),
                    "Write \"" + (down >= ADVERT_STEP_MS ? down : up) + "ms\" or \"" + up + "ms\".");
        }
        boolean preempt = h.<Boolean>value("preempt");
        if (!preempt) {
            h.field("preempt_delay")
                    .ifPresent(f -> problems.error(
                            Code.E0328,
                            "preempt_delay without preempt",
                            "preempt = false keeps the addresses on the current master, so no returning node"
                                    + " takes them back and nothing waits for preempt_delay.",
                            f.where().span(),
                            "Remove preempt_delay, or set preempt = true."));
        }
        Cidr peer = h.value("peer");
        if (peer.isV6()) {
            problems.error(
                    Code.E0407,
                    "Address family mismatch",
                    "conntrackd's sync link is IPv4 (UDP between the nodes' sync interface addresses), but peer "
                            + peer.addressText() + " is IPv6.",
                    h.field("peer").orElseThrow().where().span(),
                    "Write the other node's IPv4 address on the sync interface, as \"10.99.0.2\".");
        }
        Map<String, SourceSpan> spans = new LinkedHashMap<>();
        for (String arg : ARGUMENTS) {
            h.field(arg).ifPresent(f -> spans.put(arg, f.where().span()));
        }
        return new Ha(
                h.<Integer>value("priority"),
                peer,
                h.value("sync_interface"),
                h.<Integer>value("sync_port"),
                h.<Integer>value("router_id"),
                advert,
                preempt,
                h.value("preempt_delay"),
                h.blocks("virtual_address").stream()
                        .map(HaBlocks::virtualAddress)
                        .toList(),
                spans,
                h.headerSpan());
    }

    private static Ha.VirtualAddress virtualAddress(DecodedBlock v) {
        List<Cidr> addresses = v.optionalList("addresses");
        List<SourceSpan> spans = new ArrayList<>();
        SourceSpan whole = v.field("addresses").map(f -> f.where().span()).orElse(v.headerSpan());
        for (int i = 0; i < addresses.size(); i++) {
            spans.add(v.field("addresses").orElseThrow().where().element(i).span());
        }
        return new Ha.VirtualAddress(v.label(), addresses, spans, whole, v.headerSpan());
    }
}
