package dev.flywall.cli;

import dev.flywall.runtime.apply.Kernel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --state-dir} and {@code --netns}, shared by the commands that change the kernel. */
final class KernelOptions {

    static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/flywall");

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "State directory (default: runtime { state_dir } of the configuration, else /var/lib/flywall).")
    Path stateDir;

    @Option(names = "--netns", paramLabel = "NAME", description = "Work in this network namespace (ip netns).")
    String netns;

    Kernel kernel() {
        return new Kernel(Optional.ofNullable(netns));
    }

    /**
     * Why this process cannot change the kernel (no CAP_NET_ADMIN, no nft or ip), or empty when
     * it can. Asked of nft itself, so it is right for user namespaces and capabilities too.
     */
    Optional<String> unusable() {
        if (netns == null) {
            return Optional.empty(); // Main's preflight (Preflight.NEEDS) has asked nft in this namespace already
        }
        try {
            Kernel.Result nft = kernel().run("", "nft", "list", "tables");
            if (!nft.ok()) {
                String err = nft.err().strip();
                return Optional.of(
                        err.contains("Operation not permitted") || err.contains("Permission denied")
                                ? "changing nftables and routes needs CAP_NET_ADMIN: run as root"
                                : "nft cannot list tables" + (netns == null ? "" : " in network namespace " + netns)
                                        + ": " + err);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("nft and ip are needed (Debian packages nftables and iproute2): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
