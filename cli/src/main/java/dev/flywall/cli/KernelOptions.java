package dev.flywall.cli;

import dev.flywall.runtime.apply.Kernel;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --state-dir} and {@code --netns}, shared by the commands that change the kernel. Whether
 * nft, ip and the privileges to use them are there, in that namespace, is checked before the
 * command runs ({@link Preflight}).
 */
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
}
