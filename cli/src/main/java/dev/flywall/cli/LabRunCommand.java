package dev.flywall.cli;

import dev.flywall.runtime.lab.Lab;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flywall lab run}: build the lab, play the scenarios, remove it. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = FlywallVersion.class,
        description = {
            "Build the lab, then play the scenario: show the uplinks come up, break the primary ISP"
                    + " (its link stays up, every packet is dropped), show the failover and the outage a LAN client saw,"
                    + " heal it, show the failback, print the timeline. The lab is removed at the end, on error and on"
                    + " Ctrl-C, unless --keep."
        },
        exitCodeListHeading = "%nExit Codes:%n",
        exitCodeList = {
            "0:the scenario ran: failover and failback happened",
            "1:the lab failed, or no failover/failback" + " happened in time",
            "2:usage error",
            "69:not root, or a missing tool or kernel feature"
        })
final class LabRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabCommand.NameOption name = new LabCommand.NameOption();

    @Mixin
    VarOptions vars = new VarOptions();

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "failover (default): break the primary ISP"
                    + " and heal it; balance: 300 new connections from the LAN client, counted by each ISP against the"
                    + " weights; policy: traffic each policy route should catch, where it leaves, and where it goes when"
                    + " its uplink breaks; lease: the primary uplink's ISP hands out a new address and gateway by"
                    + " DHCP mid-run, the LAN client's traffic follows; shaping: a bulk TCP upload from the LAN client through"
                    + " the group's uplink, against its wan { bandwidth } (within 10 %%); prefix: the ISP of an uplink"
                    + " translating the LAN's IPv6 to its delegated prefix delegates another one mid-run, the LAN's IPv6"
                    + " leaves with the new prefix; drain: the LAN client holds TCP sessions through the group's"
                    + " uplink, which is drained: the sessions keep flowing, new connections and the policy routes bound"
                    + " to it leave elsewhere, then undrain; all: balance, policy and failover; ha (the default with --peer):"
                    + " the master of the pair crashes, comes back, and has its primary ISP fail, while the LAN client"
                    + " holds TCP sessions and pings. Several names"
                    + " joined by commas play one after the other in the same lab.")
    String scenario;

    @Option(
            names = "--peer",
            paramLabel = "PATH",
            description = "The other node of an HA pair (its configuration's files or directories; repeatable):"
                    + " the lab builds both gateways on shared ISP and LAN segments and plays the ha scenario.")
    List<String> peer = new ArrayList<>();

    @Option(names = "--keep", description = "Leave the lab up at the end (flywall lab down removes it).")
    boolean keep;

    @Option(
            names = "--page",
            description = "After the scenario, keep the lab up and serve the daemon's status page to this host's"
                    + " browser (http://127.0.0.1:PORT/, relayed into the gateway's namespace) until Ctrl-C, which"
                    + " removes the lab (unless --keep). Prints the URL and the API token the page's buttons need.")
    boolean page;

    @Option(
            names = "--page-port",
            paramLabel = "PORT",
            defaultValue = "8180",
            description = "The host's port of --page (default: ${DEFAULT-VALUE}; 0: any free port).")
    int pagePort;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "The configuration (files or directories).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (LabCommand.notRoot(err)) {
            return ExitCodes.ENVIRONMENT;
        }
        String played = scenario != null ? scenario : peer.isEmpty() ? "failover" : "ha";
        Optional<List<LabScenario>> scenarios = LabScenario.named(played);
        if (scenarios.isEmpty()) {
            err.println("flywall lab run: unknown scenario \"" + played
                    + "\" (failover, balance, policy, lease, shaping, prefix, all, ha)");
            return ExitCodes.USAGE;
        }
        boolean ha = scenarios.get().stream().anyMatch(s -> s instanceof LabHaScenario);
        if (ha != !peer.isEmpty() || (ha && scenarios.get().size() > 1)) {
            err.println(
                    peer.isEmpty()
                            ? "flywall lab run: the ha scenario needs --peer PATH (the other node's configuration)"
                            : "flywall lab run: with --peer the scenario is ha (the pair's), alone");
            return ExitCodes.USAGE;
        }
        Thread cleanup = new Thread(() -> {
            try {
                new Lab().down(name.name);
            } catch (Exception e) {
                // best effort on Ctrl-C
            }
        });
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
        try {
            Optional<RunningLab> built = peer.isEmpty()
                    ? RunningLab.start(name.name, paths, vars.vars(), spec)
                    : LabPairStart.start(name.name, paths, peer, vars.vars(), spec);
            if (built.isEmpty()) {
                return ExitCodes.FAILURE;
            }
            int result = ExitCodes.SUCCESS;
            for (LabScenario one : scenarios.get()) {
                result = one.play(built.get(), out, err);
                if (result != ExitCodes.SUCCESS) {
                    break;
                }
            }
            if (page) {
                LabPage.serve(built.get(), pagePort, keep, out, err); // returns when interrupted
            }
            return result;
        } finally {
            if (!keep) {
                new Lab().down(name.name);
                Runtime.getRuntime().removeShutdownHook(cleanup);
                out.println("Lab " + name.name + " removed.");
            } else {
                out.println("Lab " + name.name + " left up: flywall lab status|break|heal|loss|down"
                        + (name.name.equals(LabCommand.DEFAULT_NAME) ? "" : " --name " + name.name));
            }
            out.flush();
        }
    }
}
