package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code health_check}: how a link is probed. A round sends one probe to every target; it is
 * good when at least {@code reliability} targets answer. The link goes down after
 * {@code thresholdDown} bad rounds in a row and comes back after {@code thresholdUp} good ones.
 * With {@code maxLatency} or {@code maxLoss} (a percentage), a round also fails when the recent
 * probes of the link were slower or lossier than that.
 */
public record HealthCheck(
        Probe probe,
        Duration interval,
        Duration timeout,
        int thresholdDown,
        int thresholdUp,
        int reliability,
        Optional<Duration> maxLatency,
        Optional<Integer> maxLoss,
        SourceSpan span) {

    /** Worst-case time from a link dying to it being marked down. */
    public Duration detectionTime() {
        // not Duration.multipliedBy: it computes through BigDecimal, whose class initialiser alone
        // costs a short command ~25 ms on JDK 25 (see dev.flywall.syntax.HclNumber)
        return Duration.ofNanos(Math.multiplyExact(interval.toNanos(), (long) thresholdDown));
    }

    /** What a probe does. */
    public sealed interface Probe {
        /** The number of targets a round probes. */
        int targetCount();

        String type();
    }

    /** ICMP echo to each target. */
    public record Icmp(List<Cidr> targets) implements Probe {
        public Icmp {
            targets = List.copyOf(targets);
        }

        @Override
        public int targetCount() {
            return targets.size();
        }

        @Override
        public String type() {
            return "icmp";
        }
    }

    /** An HTTP(S) request whose status must be {@code expectedStatus}. */
    public record Http(String url, int expectedStatus) implements Probe {
        @Override
        public int targetCount() {
            return 1;
        }

        @Override
        public String type() {
            return "http";
        }
    }

    /** A TCP connection to each target's {@code port}. */
    public record Tcp(List<Cidr> targets, int port) implements Probe {
        public Tcp {
            targets = List.copyOf(targets);
        }

        @Override
        public int targetCount() {
            return targets.size();
        }

        @Override
        public String type() {
            return "tcp";
        }
    }

    /** A DNS query for {@code query} to each target server. */
    public record Dns(List<Cidr> targets, String query) implements Probe {
        public Dns {
            targets = List.copyOf(targets);
        }

        @Override
        public int targetCount() {
            return targets.size();
        }

        @Override
        public String type() {
            return "dns";
        }
    }
}
