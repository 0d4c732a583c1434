package dev.flywall.runtime.apply;

import dev.flywall.Compiler;
import dev.flywall.bundle.BundleJson;
import dev.flywall.bundle.WatchdogFile;
import dev.flywall.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bundles of an example with the interfaces a test declares, and a look at a device as ip lists it. */
final class LinkTestBundles {

    private LinkTestBundles() {}

    static Map<String, String> example(String example) throws Exception {
        Path file = Path.of("..", "examples", example);
        return Compiler.compile(List.of(new SourceFile(example, Files.readString(file))), Map.of())
                .artifacts()
                .orElseThrow()
                .files();
    }

    /** {@code example}'s bundle with watchdog.json's interfaces replaced by {@code interfaces}. */
    static Map<String, String> declaring(String example, WatchdogFile.Interface... interfaces) throws Exception {
        Map<String, String> bundle = new HashMap<>(example(example));
        WatchdogFile w = BundleJson.watchdog(bundle.get("watchdog.json"));
        bundle.put(
                "watchdog.json",
                BundleJson.write(new WatchdogFile(
                        w.schemaVersion(),
                        w.configHash(),
                        w.nft(),
                        w.uplinks(),
                        w.groups(),
                        w.policyRoutes(),
                        w.notifications(),
                        w.api(),
                        w.runtime(),
                        List.of(interfaces),
                        null)));
        return bundle;
    }

    static WatchdogFile.Interface managed(String device, Integer mtu, String... addresses) {
        return new WatchdogFile.Interface(device, true, mtu, List.of(addresses), null, null, null, null);
    }

    static WatchdogFile.Interface shaped(String device, boolean managed, long rateBps, String... addresses) {
        return new WatchdogFile.Interface(
                device, managed, null, List.of(addresses), null, null, new WatchdogFile.Shaping(rateBps), null);
    }

    /** A device's MTU, up flag and addresses ("mtu 1400 up 192.0.2.2/24 ..."), global addresses only. */
    static String device(Kernel kernel, String device) throws Exception {
        var live = LiveLinks.read(kernel, List.of(device)).get(device);
        List<String> words = new ArrayList<>(List.of("mtu", String.valueOf(live.mtu()), live.up() ? "up" : "down"));
        live.addresses().stream()
                .filter(a -> !a.address().isLinkLocalAddress())
                .map(Cidr::toString)
                .sorted()
                .forEach(words::add);
        return String.join(" ", words);
    }

    /** The root qdisc line of {@code device} and its class, as tc lists them. */
    static String qdisc(Kernel kernel, String device) throws Exception {
        return kernel.run("", "tc", "qdisc", "show", "dev", device)
                        .out()
                        .lines()
                        .filter(l -> l.contains(" root "))
                        .findFirst()
                        .orElse("")
                + " | "
                + kernel.run("", "tc", "class", "show", "dev", device).out().strip();
    }

    static String namespace(String prefix, String... devices) throws Exception {
        String ns = prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        new Kernel(Optional.empty()).run("", "ip", "netns", "add", ns);
        Kernel kernel = new Kernel(Optional.of(ns));
        kernel.run("", "ip", "link", "set", "lo", "up");
        for (String dev : devices) {
            kernel.run("", "ip", "link", "add", dev, "type", "veth", "peer", "name", "p" + dev);
            kernel.run("", "ip", "link", "set", "p" + dev, "up");
        }
        return ns;
    }
}
