package dev.flywall.cli;

import dev.flywall.runtime.apply.Kernel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** What the lab's end-to-end tests share: running flywall in-process, and the root/tools check. */
final class LabTests {

    private LabTests() {}

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Skips the test, with the reason printed, unless this is root with nft, ip and conntrack. */
    static void assumeRootAndTools(String test) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Kernel host = new Kernel(Optional.empty());
        boolean tools = root && host.run("", "nft", "--version").ok() && host.run("", "conntrack", "--version").ok();
        if (!tools) {
            System.err.println("SKIPPED " + test + ": needs root, nft, ip and conntrack");
        }
        Assumptions.assumeTrue(tools, "needs root, nft, ip and conntrack");
    }
}
