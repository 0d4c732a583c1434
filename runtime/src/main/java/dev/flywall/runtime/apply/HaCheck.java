package dev.flywall.runtime.apply;

import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.render.HaFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The two files of an HA node checked by the tools themselves before an apply changes anything:
 * {@code keepalived -t -f FILE} (which also refuses an interface that does not exist in the
 * gateway's namespace, where it runs), and conntrackd's own parser through a client command
 * ({@code conntrackd -s -C FILE}): conntrackd has no configuration test, but its client parses the
 * file first, so a syntax error is its {@code parsing config file} message, while a file that
 * parses ends with {@code can't connect} (no daemon listens on its socket) or with the statistics
 * of the node's running conntrackd. The files are the bundle's; a bundle without them (written
 * before they were) gets them rendered as the daemon will, for {@code runDir}.
 */
public final class HaCheck {

    /** keepalived's lines name the file it read: the temporary copy, which means nothing to the operator. */
    private static final Pattern TEMP_FILE = Pattern.compile("/\\S*flywall-\\d+\\.batch");

    private static final Pattern CONNTRACKD_PREFIX = Pattern.compile("^\\[[^]]*] \\(pid=\\d+\\) (\\[ERROR] )?");

    private HaCheck() {}

    /**
     * Why the bundle's HA files cannot run here, in the tools' own words; empty when they pass or
     * the bundle has no {@code ha}.
     */
    public static Optional<String> refusal(Kernel kernel, Map<String, String> bundle, Path runDir)
            throws IOException, InterruptedException {
        String json = bundle.get("watchdog.json");
        if (json == null) {
            return Optional.empty();
        }
        WatchdogFile.Ha ha = BundleJson.watchdog(json).ha();
        if (ha == null) {
            return Optional.empty();
        }
        String keepalived = bundle.getOrDefault("keepalived.conf", HaFiles.keepalived(ha, runDir));
        String conntrackd = bundle.getOrDefault("conntrackd.conf", HaFiles.conntrackd(ha, runDir));
        Optional<String> k = keepalived(kernel, keepalived);
        return k.isPresent() ? k : conntrackd(kernel, conntrackd);
    }

    private static Optional<String> keepalived(Kernel kernel, String text) throws IOException, InterruptedException {
        Kernel.Result r = run(kernel, text, "keepalived", "-t", "-f");
        if (r.ok()) {
            return Optional.empty();
        }
        return Optional.of(
                missing(r, "keepalived").orElseGet(() -> "keepalived -t refused keepalived.conf: " + lines(r, false)));
    }

    private static Optional<String> conntrackd(Kernel kernel, String text) throws IOException, InterruptedException {
        Kernel.Result r = run(kernel, text, "conntrackd", "-s", "-C");
        String all = r.out() + r.err();
        if (r.ok() || (all.contains("can't connect") && !all.contains("parsing config file"))) {
            return Optional.empty();
        }
        return Optional.of(
                missing(r, "conntrackd").orElseGet(() -> "conntrackd refused conntrackd.conf: " + lines(r, true)));
    }

    private static Kernel.Result run(Kernel kernel, String text, String... command)
            throws IOException, InterruptedException {
        try {
            return kernel.runOnFile(text, command);
        } catch (IOException e) {
            // outside a namespace a missing program cannot be started at all
            return new Kernel.Result(127, "", "exec of \"" + command[0] + "\" failed: " + e.getMessage());
        }
    }

    /** The tool itself is not there (ip netns exec says so, or it could not be started). */
    private static Optional<String> missing(Kernel.Result r, String tool) {
        if (r.err().contains("exec of \"" + tool + "\" failed")) {
            return Optional.of(tool + " is not installed (not found in PATH), and the configuration has an ha"
                    + " block: install it with apt-get install " + tool);
        }
        return Optional.empty();
    }

    /** The tool's distinct lines, without conntrackd's time stamps and the temporary file's name. */
    private static String lines(Kernel.Result r, boolean conntrackd) {
        Set<String> out = new LinkedHashSet<>();
        (r.err() + "\n" + r.out()).lines().forEach(l -> {
            String line = TEMP_FILE.matcher(l).replaceAll(conntrackd ? "conntrackd.conf" : "keepalived.conf");
            line = CONNTRACKD_PREFIX.matcher(line).replaceFirst("").strip();
            if (!line.isEmpty() && !line.startsWith("[warning]")) {
                out.add(line);
            }
        });
        return out.isEmpty() ? "exit " + r.exitCode() : String.join("; ", out);
    }
}
