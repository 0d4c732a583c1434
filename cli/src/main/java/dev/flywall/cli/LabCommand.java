package dev.flywall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.Compiler;
import dev.flywall.runtime.apply.Applier;
import dev.flywall.runtime.apply.Kernel;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabClient;
import dev.flywall.runtime.lab.LabPlan;
import dev.flywall.runtime.lab.LabServers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall lab}: the configuration's gateway in network namespaces on this machine, with a
 * fake ISP per WAN and a client per LAN, the real rules and the real daemon — to watch a failover
 * happen, or to play with one by hand.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    versionProvider = FlywallVersion.class,
    description = {
      "Build the configuration's gateway in network namespaces — one fake ISP per WAN (its"
          + " \"internet\" hosts answer ping, HTTP, TCP and DNS), a client per LAN — apply the"
          + " configuration there and start the daemon. Sealed: no link to this machine's network,"
          + " only documentation addresses on the WAN side; health-check targets are mapped onto the"
          + " lab's internet hosts. Needs root.",
    },
    subcommands = {LabCommand.Run.class, LabCommand.Up.class, LabCommand.Down.class, LabCommand.Break.class,
        LabCommand.Heal.class, LabCommand.Loss.class, LabCommand.Status.class, LabCommand.Serve.class,
        LabCommand.Client.class},
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {"0:done", "1:the lab could not be built, or the scenario failed", "2:usage error, not root"})
final class LabCommand implements Callable<Integer> {

  static final String DEFAULT_NAME = "fwlab";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /** {@code --name}, shared by the subcommands. */
  static final class NameOption {
    @Option(names = "--name", paramLabel = "NAME", description = "The lab's name, the prefix of its namespaces"
        + " (default: " + DEFAULT_NAME + ").")
    String name = DEFAULT_NAME;
  }

  static boolean notRoot(PrintWriter err) {
    if (!"root".equals(System.getProperty("user.name"))) {
      err.println("flywall lab: needs root (it creates network namespaces): run it with sudo");
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ building a lab

  /** A lab that is up: its plan, directory and gateway namespace. */
  record Built(LabPlan plan, Path dir) {
    Path state() {
      return dir.resolve("state");
    }
  }

  /** Compiles, plans, builds the namespaces, applies, maps the targets, starts the servers and the daemon. */
  static Optional<Built> up(String name, List<String> paths, Map<String, String> vars, CommandSpec spec)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Lab.checkName(name);
    Compilation.Outcome compiled = Compilation.run(paths, vars, spec.commandLine());
    if (compiled.result().isEmpty()) {
      return Optional.empty();
    }
    Compiler.Result result = compiled.result().get();
    LabPlan plan;
    try {
      plan = LabPlan.of(name, result.config().orElseThrow(), result.artifacts().orElseThrow().watchdogJson());
    } catch (IllegalArgumentException e) {
      err.println("flywall lab: " + e.getMessage());
      return Optional.empty();
    }
    Lab lab = new Lab();
    lab.up(plan);
    Path dir = Lab.dir(name);
    Built built = new Built(plan, dir);
    Files.createDirectories(dir);
    try {
      out.println("Lab " + name + ": gateway " + plan.gateway() + ", ISPs "
          + String.join(", ", plan.isps().stream().map(i -> i.namespace()).toList())
          + (plan.lans().isEmpty() ? "" : ", clients " + String.join(", ", plan.lans().stream().map(l -> l.namespace())
              .toList())));
      out.println("Sealed: the lab's namespaces are linked only to each other, never to this machine's network.");
      out.println("Internet hosts (on every ISP): " + String.join(", ", plan.internet()));
      plan.targetMap().forEach((from, to) -> out.println("  mapped " + from + " -> " + to));
      out.println("Notifications the daemon sends arrive in " + dir.resolve("received.log") + ".");
      out.flush();
      if (!apply(plan, result, built.state(), err)) {
        err.println("flywall lab: applying the configuration in " + plan.gateway() + " failed");
        lab.down(name);
        return Optional.empty();
      }
      // the daemon reads the installed bundle: it gets the mapped targets
      Files.writeString(built.state().resolve("current/watchdog.json"), plan.watchdogJson(), StandardCharsets.UTF_8);
      List<Long> pids = new ArrayList<>();
      for (LabPlan.Isp isp : plan.isps()) {
        pids.add(spawn(isp.namespace(), dir.resolve("isp-" + isp.uplink() + ".log"), "lab", "serve", "--name", name,
            "--uplink", isp.uplink()).pid());
      }
      Process daemon = spawn(plan.gateway(), dir.resolve("daemon.log"), "run", "--state-dir", built.state().toString());
      pids.add(daemon.pid());
      Files.writeString(dir.resolve("pids"), String.join("\n", pids.stream().map(String::valueOf).toList()) + "\n");
      out.println("Applied the configuration in " + plan.gateway() + " and started the daemon (log: "
          + dir.resolve("daemon.log") + ").");
      out.flush();
      return Optional.of(built);
    } catch (Exception e) {
      lab.down(name);
      throw e;
    }
  }

  /** Applies the compiled configuration in the lab's gateway, as {@code flywall apply} would (quietly). */
  private static boolean apply(LabPlan plan, Compiler.Result result, Path stateDir, PrintWriter err)
      throws IOException, InterruptedException {
    var config = result.config().orElseThrow();
    var options = new Applier.Options(false, Optional.empty(), state -> { },
        error -> dev.flywall.plan.Provenance.commentIn(error)
            .flatMap(comment -> dev.flywall.plan.Provenance.resolve(comment, config)).map(String::valueOf),
        dev.flywall.runtime.apply.Transaction.Pause.NONE);
    StateDir state = StateDir.open(stateDir);
    try (StateDir.Lock lock = state.lock()) {
      var outcome = new Applier(state, new Kernel(Optional.of(plan.gateway())),
          new PrintWriter(java.io.Writer.nullWriter()), err).apply(result.artifacts().orElseThrow().files(),
          config.interfaces().stream().map(i -> i.name()).toList(), options);
      return outcome == Applier.Outcome.APPLIED || outcome == Applier.Outcome.NO_CHANGES;
    } catch (StateLockedException e) {
      err.println("flywall: " + e.getMessage());
      return false;
    }
  }

  /** Starts this flywall (same JVM, same class path) inside a namespace. */
  static Process spawn(String namespace, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
        ProcessHandle.current().info().command().orElse("java"), "-XX:+UseSerialGC", "-Xmx64m",
        "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "--add-opens",
        "java.base/java.io=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The daemon's saved state (written after every decision): uplink health and active sets. */
  static JsonNode daemonState(Built b) {
    try {
      return JSON.readTree(Files.readString(b.state().resolve("daemon-state.json")));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static boolean allUp(Built b) {
    JsonNode uplinks = daemonState(b).path("uplinks");
    if (uplinks.isEmpty()) {
      return false;
    }
    for (JsonNode u : uplinks) {
      if (!u.path("health").asText().equals("UP")) {
        return false;
      }
    }
    return true;
  }

  static String active(Built b, String group) {
    return String.join("+", List.of(JSON.convertValue(daemonState(b).path("groups").path(group).path("active"),
        String[].class)));
  }

  static boolean await(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** {@code flywall wan status}, run inside the lab's gateway (the daemon's API listens there). */
  static String wanStatus(Built lab) throws IOException, InterruptedException {
    Path log = Files.createTempFile(lab.dir(), "status", ".txt");
    Process p = spawn(lab.plan().gateway(), log, "wan", "status", "--state-dir", lab.state().toString());
    p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    return Files.readString(log).lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n"))
        + "\n";
  }

  static long answered(Path clientLog) {
    try {
      return Files.readAllLines(clientLog).stream().filter(l -> l.contains(" ok ")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  static String clock(long epochMillis) {
    return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()).format(CLOCK);
  }

  // ------------------------------------------------------------------ subcommands

  @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = {"Build the lab, then play the scenario: show the uplinks come up, break the primary ISP"
          + " (its link stays up, every packet is dropped), show the failover and the outage a LAN client saw,"
          + " heal it, show the failback, print the timeline. The lab is removed at the end, on error and on"
          + " Ctrl-C, unless --keep."},
      exitCodeListHeading = "%nExit Codes:%n",
      exitCodeList = {"0:the scenario ran: failover and failback happened", "1:the lab failed, or no failover/failback"
          + " happened in time", "2:usage error, not root"})
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();
    @Mixin VarOptions vars = new VarOptions();

    @Option(names = "--scenario", paramLabel = "NAME", description = "failover (default): break the primary ISP"
        + " and heal it; balance: 300 new connections from the LAN client, counted by each ISP against the"
        + " weights; policy: traffic each policy route should catch, where it leaves, and where it goes when"
        + " its uplink breaks; all: every scenario.")
    String scenario = "failover";

    @Option(names = "--keep", description = "Leave the lab up at the end (flywall lab down removes it).")
    boolean keep;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "The configuration (files or directories).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (notRoot(err)) {
        return ExitCodes.USAGE;
      }
      if (!List.of("failover", "balance", "policy", "all").contains(scenario)) {
        err.println("flywall lab run: unknown scenario \"" + scenario + "\" (failover, balance, policy, all)");
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
        Optional<Built> built = up(name.name, paths, vars.vars(), spec);
        if (built.isEmpty()) {
          return ExitCodes.FAILURE;
        }
        int result = ExitCodes.SUCCESS;
        if (scenario.equals("balance") || scenario.equals("all")) {
          result = balance(built.get(), out, err);
        }
        if (result == ExitCodes.SUCCESS && (scenario.equals("policy") || scenario.equals("all"))) {
          result = policy(built.get(), out, err);
        }
        if (result == ExitCodes.SUCCESS && (scenario.equals("failover") || scenario.equals("all"))) {
          result = new FailoverScenario(built.get(), out, err).play();
        }
        return result;
      } finally {
        if (!keep) {
          new Lab().down(name.name);
          Runtime.getRuntime().removeShutdownHook(cleanup);
          out.println("Lab " + name.name + " removed.");
        } else {
          out.println("Lab " + name.name + " left up: flywall lab status|break|heal|loss|down"
              + (name.name.equals(DEFAULT_NAME) ? "" : " --name " + name.name));
        }
        out.flush();
      }
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "Build the lab, apply the configuration in it and start the daemon; leave it up.")
  static final class Up implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();
    @Mixin VarOptions vars = new VarOptions();

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "The configuration (files or directories).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      if (notRoot(spec.commandLine().getErr())) {
        return ExitCodes.USAGE;
      }
      return up(name.name, paths, vars.vars(), spec).isPresent() ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "Stop the lab's daemon and servers and delete its namespaces.")
  static final class Down implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Override
    public Integer call() throws Exception {
      if (notRoot(spec.commandLine().getErr())) {
        return ExitCodes.USAGE;
      }
      int n = new Lab().down(name.name);
      spec.commandLine().getOut().println(n == 0 ? "No lab named " + name.name + " is up."
          : "Lab " + name.name + " removed (" + n + " namespaces).");
      return ExitCodes.SUCCESS;
    }
  }

  /** The ISP subcommands share their shape. */
  abstract static class IspCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Parameters(index = "0", paramLabel = "ISP", description = "The WAN interface whose ISP to act on.")
    String uplink;

    abstract String act(Lab lab) throws Exception;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      if (notRoot(err)) {
        return ExitCodes.USAGE;
      }
      try {
        spec.commandLine().getOut().println(act(new Lab()));
        return ExitCodes.SUCCESS;
      } catch (IllegalArgumentException e) {
        err.println("flywall lab: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
    }
  }

  @Command(name = "break", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "The ISP drops every packet from the gateway; the link stays up, as in most real outages.")
  static final class Break extends IspCommand {
    @Override
    String act(Lab lab) throws Exception {
      lab.breakIsp(name.name, uplink);
      return "ISP of " + uplink + " broken (drops everything).";
    }
  }

  @Command(name = "heal", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "End the ISP's outage or loss.")
  static final class Heal extends IspCommand {
    @Override
    String act(Lab lab) throws Exception {
      lab.heal(name.name, uplink);
      return "ISP of " + uplink + " healthy.";
    }
  }

  @Command(name = "loss", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "The ISP drops PERCENT of the packets from the gateway, at random.")
  static final class Loss extends IspCommand {
    @Parameters(index = "1", paramLabel = "PERCENT", description = "0-100.")
    int percent;

    @Override
    String act(Lab lab) throws Exception {
      lab.loss(name.name, uplink, percent);
      return "ISP of " + uplink + " drops " + percent + "% of the packets.";
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "The lab's namespaces, each ISP's condition and the packets it received, and the daemon's"
          + " view (flywall wan status inside the gateway).")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (notRoot(spec.commandLine().getErr())) {
        return ExitCodes.USAGE;
      }
      Lab lab = new Lab();
      List<String> namespaces = lab.namespaces(name.name);
      if (namespaces.isEmpty()) {
        out.println("No lab named " + name.name + " is up.");
        return ExitCodes.FAILURE;
      }
      out.println("Lab " + name.name + ": " + String.join(", ", namespaces));
      for (String ns : namespaces) {
        if (ns.startsWith(name.name + "-isp-")) {
          String uplink = ns.substring(name.name.length() + 5);
          out.println("  ISP of " + uplink + ": " + lab.condition(name.name, uplink) + ", " + lab.received(name.name,
              uplink) + " packets received from the gateway");
        }
      }
      out.flush();
      Process p = new ProcessBuilder(List.of("ip", "netns", "exec", LabPlan.gatewayNamespace(name.name),
          ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "wan", "status", "--state-dir",
          Lab.dir(name.name).resolve("state").toString())).redirectErrorStream(true).start();
      out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      p.waitFor();
      return ExitCodes.SUCCESS;
    }
  }

  @Command(name = "serve", hidden = true, mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "The internet hosts of one ISP (started by the lab).")
  static final class Serve implements Callable<Integer> {
    @Mixin NameOption name = new NameOption();

    @Option(names = "--uplink", required = true)
    String uplink;

    @Override
    public Integer call() throws Exception {
      JsonNode plan = JSON.readTree(Files.readString(Lab.dir(name.name).resolve("lab.json")));
      List<Integer> ports = new ArrayList<>();
      for (JsonNode isp : plan.path("isps")) {
        if (isp.path("uplink").asText().equals(uplink)) {
          isp.path("tcpPorts").forEach(p -> ports.add(p.asInt()));
        }
      }
      Map<String, Integer> statuses = LabPlan.httpStatuses(plan.path("watchdogJson").asText());
      try (LabServers servers = new LabServers(uplink, statuses, ports, plan.path("internet").path(0).asText(),
          Lab.dir(name.name).resolve("received.log"))) {
        Thread.currentThread().join();
      }
      return ExitCodes.SUCCESS;
    }
  }

  @Command(name = "client", hidden = true, mixinStandardHelpOptions = true, versionProvider = FlywallVersion.class,
      description = "A LAN client: echo an internet host every 10ms (one"
      + " line per echo), open --tcp N connections, send --udp N datagrams to --port, or --hold a TCP session.")
  static final class Client implements Callable<Integer> {
    @Option(names = "--target", required = true)
    String target;

    @Option(names = "--interval", converter = DurationConverter.class)
    Duration interval = Duration.ofMillis(10);

    @Option(names = "--tcp")
    int tcp;

    @Option(names = "--udp")
    int udp;

    @Option(names = "--port")
    int port = 80;

    @Option(names = "--hold", converter = DurationConverter.class)
    Duration hold;

    @Option(names = "--whoami", description = "Ask the target which ISP each connection reached it through.")
    boolean whoami;

    @Option(names = "--source", split = ",", description = "Source addresses for --whoami, one connection each.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--watch", converter = DurationConverter.class,
        description = "With --whoami: ask every 250ms for this long, one timestamped line each.")
    Duration watch;

    @Override
    public Integer call() throws Exception {
      if (whoami && watch != null) {
        LabClient.watchWhoami(target, Duration.ofMillis(250), watch, System.out);
      } else if (whoami) {
        LabClient.whoami(target, sources, Duration.ofSeconds(2), System.out);
      } else if (hold != null) {
        LabClient.hold(target, hold, System.out);
      } else if (tcp > 0) {
        System.out.println("connected " + LabClient.connect(target, port, tcp, Duration.ofSeconds(2)) + " of " + tcp);
      } else if (udp > 0) {
        System.out.println("sent " + LabClient.datagrams(target, port, udp));
      } else {
        LabClient.run(target, interval, Duration.ofSeconds(1), System.out);
      }
      return ExitCodes.SUCCESS;
    }
  }

  // ------------------------------------------------------------------ the balance scenario

  /** 300 new connections from the LAN client; each ISP counts the ones it got, against the weights. */
  static int balance(Built lab, PrintWriter out, PrintWriter err) throws Exception {
    JsonNode group = JSON.readTree(lab.plan().watchdogJson()).path("groups").path(0);
    if (group.isMissingNode() || lab.plan().lans().isEmpty()) {
      err.println("flywall lab run: the balance scenario needs an uplink_group and a LAN interface");
      return ExitCodes.FAILURE;
    }
    if (!await(Duration.ofSeconds(60), () -> allUp(lab))) {
      err.println("flywall lab run: the uplinks did not all come up; see " + lab.dir().resolve("daemon.log"));
      return ExitCodes.FAILURE;
    }
    String name = group.path("name").asText();
    List<String> active = List.of(active(lab, name).split("\\+"));
    Lab l = new Lab();
    Map<String, Long> before = new java.util.LinkedHashMap<>();
    for (LabPlan.Isp isp : lab.plan().isps()) {
      before.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), "web_syn"));
    }
    int flows = 300;
    Process client = spawn(lab.plan().lans().get(0).namespace(), lab.dir().resolve("balance.log"), "lab", "client",
        "--target", lab.plan().internet().get(lab.plan().internet().size() - 1), "--tcp", Integer.toString(flows));
    client.waitFor();
    long weightSum = 0;
    for (JsonNode m : group.path("members")) {
      if (active.contains(m.path("uplink").asText())) {
        weightSum += m.path("weight").asLong();
      }
    }
    out.println("Group " + name + " (" + group.path("mode").asText() + ", " + (group.path("sticky").asBoolean()
        ? "sticky" : "per connection") + ") active: " + String.join(", ", active) + "; " + flows
        + " new connections from the LAN client:");
    for (JsonNode m : group.path("members")) {
      String uplink = m.path("uplink").asText();
      long got = l.counter(lab.plan().name(), uplink, "web_syn") - before.getOrDefault(uplink, 0L);
      double expected = active.contains(uplink) ? 100.0 * m.path("weight").asLong() / weightSum : 0;
      out.printf("  %-10s weight %-4d %4d connections  %5.1f%%  (weights say %.1f%%)%n", uplink,
          m.path("weight").asInt(), got, 100.0 * got / flows, expected);
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }

  // ------------------------------------------------------------------ the policy scenario

  /**
   * For each policy route the lab can exercise: 20 flows of its traffic from the LAN client and the
   * ISP that got them; then, uplink by uplink, the same with that uplink's ISP broken (a strict
   * route's traffic is blocked, the others fall back to the default group).
   */
  static int policy(Built lab, PrintWriter out, PrintWriter err) throws Exception {
    List<LabPlan.PolicyProbe> probes = lab.plan().policies();
    if (probes.isEmpty() || lab.plan().lans().isEmpty()) {
      out.println("No policy route the lab can exercise (by an interface, TCP or UDP, without source or interface"
          + " conditions, destinations in documentation ranges).");
      return ExitCodes.SUCCESS;
    }
    if (!await(Duration.ofSeconds(60), () -> allUp(lab))) {
      err.println("flywall lab run: the uplinks did not all come up; see " + lab.dir().resolve("daemon.log"));
      return ExitCodes.FAILURE;
    }
    out.println("Policy routes, 20 flows each from the LAN client:");
    for (int i = 0; i < probes.size(); i++) {
      out.println("  " + describe(probes.get(i)) + ": " + sendAndCount(lab, i) + " (route says " + probes.get(i).uplink()
          + ")");
    }
    for (String uplink : probes.stream().map(LabPlan.PolicyProbe::uplink).distinct().toList()) {
      Lab l = new Lab();
      l.breakIsp(lab.plan().name(), uplink);
      boolean down = await(Duration.ofSeconds(60), () -> daemonState(lab).path("uplinks").path(uplink).path("health")
          .asText().equals("DOWN"));
      out.println("With the ISP of " + uplink + " broken" + (down ? "" : " (the daemon has not noticed yet)") + ":");
      for (int i = 0; i < probes.size(); i++) {
        if (probes.get(i).uplink().equals(uplink)) {
          out.println("  " + describe(probes.get(i)) + ": " + sendAndCount(lab, i)
              + (probes.get(i).strict() ? " (strict: blocked is right)" : " (falls back to the default group)"));
        }
      }
      l.heal(lab.plan().name(), uplink);
      await(Duration.ofSeconds(60), () -> allUp(lab));
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }

  private static String describe(LabPlan.PolicyProbe p) {
    return "policy_route " + p.route() + " (" + p.protocol() + " " + p.destination() + ":" + p.port() + ")";
  }

  /** Sends 20 flows of a probe's traffic and says which ISPs counted them. */
  private static String sendAndCount(Built lab, int probe) throws Exception {
    LabPlan.PolicyProbe p = lab.plan().policies().get(probe);
    Lab l = new Lab();
    Map<String, Long> before = new java.util.LinkedHashMap<>();
    for (LabPlan.Isp isp : lab.plan().isps()) {
      before.put(isp.uplink(), l.counter(lab.plan().name(), isp.uplink(), "policy_" + probe));
    }
    Process client = spawn(lab.plan().lans().get(0).namespace(), lab.dir().resolve("policy.log"), "lab", "client",
        "--target", p.destination(), p.protocol().equals("tcp") ? "--tcp" : "--udp", "20", "--port",
        Integer.toString(p.port()));
    client.waitFor();
    List<String> seen = new ArrayList<>();
    for (LabPlan.Isp isp : lab.plan().isps()) {
      long n = l.counter(lab.plan().name(), isp.uplink(), "policy_" + probe) - before.get(isp.uplink());
      if (n > 0) {
        seen.add(n + " via " + isp.uplink());
      }
    }
    return seen.isEmpty() ? "blocked (no ISP saw them)" : String.join(", ", seen);
  }

  // ------------------------------------------------------------------ the failover scenario

  /** Break the primary ISP, watch the failover and the client's outage, heal it, watch the failback. */
  static final class FailoverScenario {
    private final Built lab;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<String> timeline = new ArrayList<>();

    FailoverScenario(Built lab, PrintWriter out, PrintWriter err) {
      this.lab = lab;
      this.out = out;
      this.err = err;
    }

    private void say(String text) {
      String line = clock(System.currentTimeMillis()) + "  " + text;
      timeline.add(line);
      out.println(line);
      out.flush();
    }

    int play() throws Exception {
      JsonNode watchdog = JSON.readTree(lab.plan().watchdogJson());
      JsonNode group = watchdog.path("groups").path(0);
      if (group.isMissingNode() || lab.plan().lans().isEmpty()) {
        err.println("flywall lab run: the failover scenario needs an uplink_group and a LAN interface");
        return ExitCodes.FAILURE;
      }
      String groupName = group.path("name").asText();
      String primary = group.path("tiers").path(0).path(0).asText();
      long interval = 0;
      for (JsonNode m : group.path("members")) {
        interval = Math.max(interval, m.path("health_check").path("interval_ms").asLong()
            * Math.max(m.path("health_check").path("threshold_up").asLong(), m.path("health_check")
                .path("threshold_down").asLong()));
      }
      // the daemon is a JVM of its own: on a loaded 2-core machine it can take seconds to start
      Duration patience = Duration.ofMillis(interval * 3 + 30_000);
      say("waiting for the daemon to see every uplink up (up to " + patience.toSeconds() + "s)");
      if (!await(patience, () -> allUp(lab))) {
        err.println("flywall lab run: the uplinks did not all come up; see " + lab.dir().resolve("daemon.log"));
        return ExitCodes.FAILURE;
      }
      say("all uplinks up; group " + groupName + " uses " + active(lab, groupName) + "; flywall wan status in "
          + lab.plan().gateway() + ":");
      out.print(wanStatus(lab));
      out.flush();
      LabPlan.Lan lan = lab.plan().lans().get(0);
      Path clientLog = lab.dir().resolve("client.log");
      Process client = spawn(lan.namespace(), clientLog, "lab", "client", "--target", lab.plan().internet().get(0));
      try {
        // the client is a JVM of its own: start breaking once its echoes are answered
        if (!await(Duration.ofSeconds(20), () -> answered(clientLog) >= 20)) {
          err.println("flywall lab run: the LAN client's echoes are not answered; see " + clientLog);
          return ExitCodes.FAILURE;
        }
        long broke = System.currentTimeMillis();
        new Lab().breakIsp(lab.plan().name(), primary);
        say("broke the ISP of " + primary + " (its link stays up; every packet is dropped)");
        if (!await(patience, () -> !active(lab, groupName).contains(primary))) {
          err.println("flywall lab run: no failover within " + patience.toSeconds() + "s");
          return ExitCodes.FAILURE;
        }
        long failedOver = System.currentTimeMillis();
        say("failover: group " + groupName + " now uses " + active(lab, groupName) + " (" + (failedOver - broke)
            + " ms after the break)");
        Thread.sleep(1500);
        long outage = LabClient.outageMillis(Files.readAllLines(clientLog), broke, System.currentTimeMillis());
        say("the LAN client " + lan.clientAddress() + " pinging " + lab.plan().internet().get(0)
            + " every 10 ms saw an outage of " + outage + " ms");
        long healed = System.currentTimeMillis();
        new Lab().heal(lab.plan().name(), primary);
        say("healed the ISP of " + primary);
        if (!await(patience, () -> active(lab, groupName).contains(primary))) {
          err.println("flywall lab run: no failback within " + patience.toSeconds() + "s");
          return ExitCodes.FAILURE;
        }
        say("failback: group " + groupName + " uses " + active(lab, groupName) + " again ("
            + (System.currentTimeMillis() - healed) + " ms after healing; connections that started on the backup"
            + " stay there)");
      } finally {
        client.destroy();
      }
      out.println();
      out.println("The daemon's history:");
      try (History h = History.openReadOnly(lab.state().resolve("history.db"))) {
        List<History.Event> events = new ArrayList<>(h.recent(50));
        java.util.Collections.reverse(events);
        for (History.Event e : events) {
          out.println("  " + clock(e.at().toEpochMilli()) + "  " + String.format("%-9s", e.kind())
              + (e.group() == null ? "" : " " + e.group()) + (e.from() == null ? "" : " " + e.from())
              + (e.to() == null ? "" : " -> " + e.to()) + "  " + (e.reason() == null ? "" : e.reason()));
        }
      }
      out.flush();
      return ExitCodes.SUCCESS;
    }
  }
}
