package dev.flywall.runtime.daemon;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One long-lived {@code ip -o monitor link address route}: any line naming a WAN device makes
 * the engine re-read that device (carrier, address, gateway). A periodic resync covers missed
 * lines. One carrier change prints several lines (link, addresses, routes): while a re-read of
 * an uplink is pending, further lines about it ask for none.
 */
final class LinkMonitor implements AutoCloseable {

    private final Process process;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LinkMonitor(Process process) {
        this.process = process;
    }

    /**
     * Starts the monitor. {@code reread} gets an uplink's name on the reader thread; the re-read it
     * arranges must call {@link #reading} first, so the next change asks again.
     */
    static LinkMonitor start(
            Kernel kernel, Supplier<WatchdogConfig> config, Consumer<String> reread, Consumer<String> log)
            throws IOException {
        List<String> command = new ArrayList<>();
        kernel.netns().ifPresent(ns -> command.addAll(List.of("ip", "netns", "exec", ns)));
        command.addAll(List.of("ip", "-o", "monitor", "link", "address", "route"));
        LinkMonitor monitor = new LinkMonitor(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
        Thread.ofPlatform().daemon().name("flywall-link-monitor").start(() -> monitor.read(config, reread, log));
        return monitor;
    }

    private void read(Supplier<WatchdogConfig> config, Consumer<String> reread, Consumer<String> log) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                for (WatchdogConfig.Uplink u : uplinksNamedIn(line, config.get().uplinks())) {
                    if (pending.add(u.name())) {
                        reread.accept(u.name());
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.accept("the link monitor stopped: " + e.getMessage() + "; relying on the periodic resync");
            }
        }
    }

    /** The re-read of {@code uplink} starts: a change after this moment asks for another. */
    void reading(String uplink) {
        pending.remove(uplink);
    }

    /**
     * The uplinks whose device a monitor line names as a word: "3: eth0@peth0: &lt;NO-CARRIER,...&gt;",
     * "... dev eth0 ...", or whose table it names (a delegated prefix, recorded as "unreachable
     * 2001:db8:1100::/60 dev lo table 101 proto dhcp").
     */
    static List<WatchdogConfig.Uplink> uplinksNamedIn(String line, List<WatchdogConfig.Uplink> uplinks) {
        String text = " " + line.replace(':', ' ').replace('@', ' ') + " ";
        return uplinks.stream()
                .filter(u -> text.contains(" " + u.device() + " ") || text.contains(" table " + u.table() + " "))
                .toList();
    }

    @Override
    public void close() {
        closed = true;
        process.destroy();
    }
}
