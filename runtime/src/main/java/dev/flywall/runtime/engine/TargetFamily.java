package dev.flywall.runtime.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address family of a probe target, read from the target as the health check names it: the
 * dual-stack part of the round rule. An uplink stays one unit, so when its check has targets of
 * both families a round is good only when each family had at least one answer (besides
 * {@code reliability} answers in all): an uplink whose IPv6 path is broken while IPv4 works goes
 * down as a whole, and all its traffic fails over, instead of its IPv6 traffic being dropped.
 *
 * <p>Only address literals have a family here. The URL of an http check has none: an http check
 * probes its one URL, so it never has targets of both families anyway.
 */
enum TargetFamily {
    IPV4("IPv4"),
    IPV6("IPv6");

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String label;

    TargetFamily(String label) {
        this.label = label;
    }

    /** The family of an address literal ({@code [2001:db8::1]} too); empty for a URL or a name. */
    static Optional<TargetFamily> of(String target) {
        if (DOTTED_QUAD.matcher(target).matches()) {
            return Optional.of(IPV4);
        }
        // an IPv6 literal has colons and no slash; a URL has "://"
        return target.contains(":") && !target.contains("/") ? Optional.of(IPV6) : Optional.empty();
    }

    /**
     * Why a round of a dual-stack check fails although targets answered: "no IPv6 target answered
     * (2 of 4 targets answered; network unreachable)", naming the first error of the silent family.
     * Empty when the targets are of one family, when each family had an answer, and when no target
     * answered at all (the {@code reliability} rule says that one: "0 of 4 targets answered").
     */
    static Optional<String> silent(List<StateMachine.Sample> samples) {
        Map<TargetFamily, Boolean> answered = new EnumMap<>(TargetFamily.class);
        for (StateMachine.Sample s : samples) {
            of(s.target()).ifPresent(f -> answered.merge(f, s.ok(), Boolean::logicalOr));
        }
        if (answered.size() < 2 || !answered.containsValue(true)) {
            return Optional.empty();
        }
        for (Map.Entry<TargetFamily, Boolean> family : answered.entrySet()) {
            if (!family.getValue()) {
                return Optional.of(family.getKey().describe(samples));
            }
        }
        return Optional.empty();
    }

    private String describe(List<StateMachine.Sample> samples) {
        long ok = samples.stream().filter(StateMachine.Sample::ok).count();
        String error = samples.stream()
                .filter(s -> of(s.target()).equals(Optional.of(this)))
                .flatMap(s -> s.error().stream())
                .findFirst()
                .map(e -> "; " + e)
                .orElse("");
        return "no " + label + " target answered (" + ok + " of " + samples.size() + " targets answered" + error + ")";
    }
}
