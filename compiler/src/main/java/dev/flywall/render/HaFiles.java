package dev.flywall.render;

import dev.flywall.bundle.WatchdogFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The two files of a node of an HA pair, rendered from {@link WatchdogFile.Ha} alone:
 * {@code keepalived.conf} (VRRPv3: one instance per interface with virtual addresses, a sync group
 * when there are two or more, transitions written to a FIFO the daemon reads) and
 * {@code conntrackd.conf} (FTFW over UDP on the sync link). The compiler renders the bundle's
 * copies for the configured state directory, the daemon its own for the directory it runs with:
 * the same text for the same directory.
 *
 * <p>Every value is checked before it reaches a file: device names and addresses come validated
 * from the model, and the run directory may hold only characters both tools read as one word.
 */
public final class HaFiles {

    /** The VRRP instance of each interface is named after it. */
    public static final String INSTANCE_PREFIX = "flywall_";

    /** The sync group's name, when there is one (two instances or more). */
    public static final String SYNC_GROUP = "flywall";

    /** Characters keepalived's and conntrackd's parsers take as part of one path word. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9/_.+-]*");

    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_.:/-]+");

    private HaFiles() {}

    /** Whether both tools can read {@code dir} as a path: no blanks, quotes, braces or comment signs. */
    public static boolean usableRunDir(Path dir) {
        return SAFE_PATH.matcher(dir.toString()).matches();
    }

    /** The FIFO keepalived writes its transitions to ({@code INSTANCE "flywall_eth2" MASTER 200}). */
    public static Path notifyFifo(Path runDir) {
        return runDir.resolve("keepalived.fifo");
    }

    /** conntrackd's control socket, which its client commands ({@code -c}, {@code -n}, …) use. */
    public static Path conntrackdSocket(Path runDir) {
        return runDir.resolve("conntrackd.ctl");
    }

    /** conntrackd's lock file. */
    public static Path conntrackdLock(Path runDir) {
        return runDir.resolve("conntrackd.lock");
    }

    /** The VRRP instance name of an interface's virtual addresses. */
    public static String instanceName(String device) {
        return INSTANCE_PREFIX + device;
    }

    /** keepalived's advert_int / preempt_delay: seconds, as a decimal with no trailing zeros. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    /** {@code keepalived.conf} for this node, its FIFO in {@code runDir}. */
    public static String keepalived(WatchdogFile.Ha ha, Path runDir) {
        checkRunDir(runDir);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("notifyFifo", notifyFifo(runDir).toString());
        model.put("priority", ha.priority());
        model.put("routerId", ha.routerId());
        model.put("advertInt", seconds(ha.advertIntervalMs()));
        model.put("preempt", ha.preempt());
        model.put("preemptDelay", seconds(ha.preemptDelayMs()));
        List<Map<String, Object>> instances = new ArrayList<>();
        for (WatchdogFile.VirtualAddresses v : ha.virtualAddresses()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("name", word(instanceName(v.device())));
            i.put("device", word(v.device()));
            i.put(
                    "v4",
                    v.addresses().stream()
                            .filter(a -> !a.contains(":"))
                            .map(HaFiles::word)
                            .toList());
            i.put(
                    "v6",
                    v.addresses().stream()
                            .filter(a -> a.contains(":"))
                            .map(HaFiles::word)
                            .toList());
            instances.add(i);
        }
        model.put("instances", instances);
        model.put("group", instances.size() >= 2);
        return Renderer.render("keepalived.conf.ftl", model);
    }

    /** {@code conntrackd.conf} for this node, its lock and control socket in {@code runDir}. */
    public static String conntrackd(WatchdogFile.Ha ha, Path runDir) {
        checkRunDir(runDir);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("syncDevice", word(ha.syncDevice()));
        model.put("syncAddress", word(ha.syncAddress()));
        model.put("peer", word(ha.peer()));
        model.put("syncPort", ha.syncPort());
        model.put("lockFile", conntrackdLock(runDir).toString());
        model.put("socket", conntrackdSocket(runDir).toString());
        return Renderer.render("conntrackd.conf.ftl", model);
    }

    private static void checkRunDir(Path runDir) {
        if (!usableRunDir(runDir)) {
            throw new IllegalArgumentException("keepalived and conntrackd cannot read the path \"" + runDir
                    + "\" as one word: a state directory for an HA pair may hold only letters, digits and / _ . + -");
        }
    }

    /** A device name or an address, checked again here: one word, nothing a parser would split. */
    private static String word(String s) {
        if (!SAFE_WORD.matcher(s).matches()) {
            throw new IllegalArgumentException("not a plain word for keepalived or conntrackd: \"" + s + "\"");
        }
        return s;
    }
}
