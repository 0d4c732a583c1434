package dev.flywall.runtime.daemon;

import dev.flywall.model.Cidr;
import dev.flywall.runtime.engine.Health;
import dev.flywall.runtime.engine.KernelEffects;
import dev.flywall.runtime.engine.StateMachine;
import dev.flywall.runtime.engine.Status;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The status and the health the API reads: immutable snapshots, published by the engine thread
 * after every change and read by any thread.
 */
final class StatusBoard {

    private final Instant startedAt;
    private final AtomicReference<Status> status = new AtomicReference<>();
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(Instant.EPOCH, List.of()));

    StatusBoard(Instant startedAt) {
        this.startedAt = startedAt;
    }

    Status status() {
        return status.get();
    }

    Health health() {
        return health.get();
    }

    /**
     * Publishes the machine's status with the links' addresses, the problems and the HA node's state,
     * and the targets' health.
     */
    void publish(
            Instant now,
            StateMachine machine,
            WatchdogConfig config,
            Map<String, KernelEffects.LinkInfo> links,
            List<Status.Problem> problems,
            TargetWindows windows,
            java.util.Optional<Status.HaStatus> ha) {
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, String> gateways = new LinkedHashMap<>();
        links.forEach((name, info) -> {
            info.address().ifPresent(a -> addresses.put(name, Cidr.addressText(a)));
            info.gateway().ifPresent(g -> gateways.put(name, Cidr.addressText(g)));
        });
        Map<String, String> v6 = new LinkedHashMap<>();
        Map<String, String> delegated = new LinkedHashMap<>();
        links.forEach((name, info) -> {
            info.v6().addresses().stream().findFirst().ifPresent(a -> v6.put(name, Cidr.addressText(a)));
            info.delegated().ifPresent(d -> delegated.put(name, d));
        });
        status.set(machine.status(now, startedAt, addresses, gateways)
                .withIpv6(v6, delegated)
                .withProblems(problems)
                .withHa(ha));
        health.set(windows.health(config, now));
    }
}
