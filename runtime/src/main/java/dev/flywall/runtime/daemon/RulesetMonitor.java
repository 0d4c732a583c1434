package dev.flywall.runtime.daemon;

import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.watchdog.WatchdogConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One long-lived {@code nft monitor}: a line about the daemon's table (a table, chain or rule
 * added or deleted — set elements, which traffic changes, are ignored) makes the daemon check
 * the table at once, so a deleted table is back within moments rather than at the next 15 s
 * resync, which still covers a monitor that died.
 */
final class RulesetMonitor {

    private RulesetMonitor() {}

    /** Starts the monitor; {@code changed} runs on its reader thread. Null when nft cannot monitor. */
    static Process start(Kernel kernel, WatchdogConfig.Nft nft, Runnable changed, Consumer<String> log) {
        List<String> command = new ArrayList<>();
        kernel.netns().ifPresent(ns -> command.addAll(List.of("ip", "netns", "exec", ns)));
        command.addAll(List.of("nft", "monitor"));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.accept("cannot run nft monitor (" + e.getMessage() + "); checking the table every 15 s");
            return null;
        }
        String ours = " " + nft.family() + " " + nft.table() + " ";
        Thread.ofPlatform().daemon().name("flywall-ruleset-monitor").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (concerns(line, ours)) {
                        changed.run();
                    }
                }
            } catch (IOException e) {
                // stopped with the daemon, or died: the periodic check remains
            }
        });
        return process;
    }

    /** "delete table inet flywall", "add rule inet flywall grp_x …" — not "add element …". */
    static boolean concerns(String line, String ours) {
        String text = line.strip() + " ";
        return (text.startsWith("add ") || text.startsWith("delete "))
                && !text.contains(" element ")
                && text.contains(ours);
    }
}
