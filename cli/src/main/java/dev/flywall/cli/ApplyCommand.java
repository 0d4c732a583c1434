package dev.flywall.cli;

import dev.flywall.Compiler;
import dev.flywall.diff.PlanDiff;
import dev.flywall.runtime.apply.ApplyException;
import dev.flywall.runtime.apply.ConfirmWatch;
import dev.flywall.runtime.apply.DaemonSignal;
import dev.flywall.runtime.history.History;
import dev.flywall.runtime.apply.Intent;
import dev.flywall.runtime.apply.KernelState;
import dev.flywall.runtime.apply.LivePlan;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.apply.StateLockedException;
import dev.flywall.runtime.apply.Transaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flywall apply}: compile, show what changes, and put it into the kernel all or nothing;
 * with {@code --confirm}, the old state comes back unless {@code flywall confirm} follows in time.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    versionProvider = FlywallVersion.class,
    description = {
      "Compile the configuration and apply it: table inet flywall in one nft transaction, then"
          + " flywall's ip rules and routes. Any failure restores the previous state. The other"
          + " tables, rules and routes of the gateway are never touched.",
      "The plan compares the live kernel with the configuration, both as the kernel lists them"
          + " (the configuration is loaded into a scratch network namespace first)."
    },
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {ExitCodes.SUCCESS + ":applied (or nothing to change)", ExitCodes.FAILURE + ":configuration errors, or the apply failed and was"
        + " rolled back", ExitCodes.USAGE + ":usage error", ExitCodes.CHANGES + ":with --dry-run: there are changes", ExitCodes.ENVIRONMENT + ":missing privileges, tools or"
        + " kernel features, or the state directory is unusable or locked"})
final class ApplyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;
  @Mixin private VarOptions vars = new VarOptions();
  @Mixin private KernelOptions kernelOptions = new KernelOptions();

  @Option(names = "--dry-run", description = "Show the plan only; exit 0 without changes, 3 with changes.")
  private boolean dryRun;

  @Option(names = "--confirm", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Revert automatically unless 'flywall confirm' runs within DURATION (e.g. 60s).")
  private Duration confirm;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories; - reads standard input.")
  private List<String> paths = new ArrayList<>();

  /** The configuration's interfaces, for the scratch namespace the plan is normalised in. */
  private List<String> devices = List.of();

  /** The validated configuration, to map nft errors back to it. */
  private dev.flywall.model.Config config;

  @Override
  public Integer call() throws Exception {
    var commandLine = spec.commandLine();
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    Compilation.Outcome compiled = Compilation.run(paths, vars.vars(), commandLine);
    if (compiled.result().isEmpty()) {
      return compiled.exitCode();
    }
    Compiler.Result result = compiled.result().get();
    Map<String, String> bundle = result.artifacts().get().files();
    Path stateDir = kernelOptions.stateDir != null ? kernelOptions.stateDir
        : Path.of(result.config().orElseThrow().runtime().stateDir());
    var unusable = kernelOptions.unusable();
    if (unusable.isPresent()) {
      err.println("flywall: " + unusable.get());
      return ExitCodes.ENVIRONMENT;
    }
    StateDir state = StateDir.open(stateDir);
    try (StateDir.Lock lock = state.lock()) {
      config = result.config().orElseThrow();
      devices = config.interfaces().stream().map(i -> i.name()).toList();
      return apply(state, bundle, out, err);
    } catch (StateLockedException e) {
      err.println("flywall: " + e.getMessage());
      return ExitCodes.ENVIRONMENT;
    }
  }

  private int apply(StateDir state, Map<String, String> bundle, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    var kernel = kernelOptions.kernel();
    if (!recoverInterrupted(state, kernel, err)) {
      return ExitCodes.FAILURE;
    }
    PlanDiff.Result plan;
    try {
      plan = LivePlan.between(kernel, bundle, devices);
    } catch (ApplyException e) {
      err.println("flywall: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    boolean bundleChanged = !bundle.equals(state.current().orElse(Map.of()));
    if (!plan.hasChanges() && !bundleChanged) {
      out.println("No changes.");
      return ExitCodes.SUCCESS;
    }
    out.print(plan.hasChanges() ? plan.text() : "Only the watchdog configuration changes.\n");
    if (dryRun) {
      return ExitCodes.CHANGES;
    }
    ConfirmWatch.supersede(state).ifPresent(deadline -> out.println("The pending 'apply --confirm' is superseded:"
        + " its state is kept and will not be reverted."));
    KernelState before;
    try {
      before = new Transaction(kernel, stepPause()).apply(bundle,
          snapshot -> Intent.record(state, snapshot, bundle, confirm != null));
    } catch (ApplyException e) {
      if (e.kernelUnchanged()) {
        Intent.done(state);
      } else {
        err.println("flywall: the intent journal stays: the next apply or daemon start restores the previous state");
      }
      err.println("flywall: apply failed: " + e.getMessage());
      provenance(e.getMessage()).ifPresent(span -> err.println("  --> " + span + " (the configuration block of the"
          + " rule nft refused)"));
      return ExitCodes.FAILURE;
    }
    install(state, bundle, before, plan, out);
    return ExitCodes.SUCCESS;
  }

  /**
   * After the kernel change: the bundle becomes current (and, with --confirm, the revert is armed)
   * between the journal's commit and its deletion, so a crash in between is finished by {@link Intent}.
   */
  private void install(StateDir state, Map<String, String> bundle, KernelState before, PlanDiff.Result plan,
      PrintWriter out) throws IOException, InterruptedException {
    Intent.committed(state);
    state.install(bundle);
    if (confirm != null) {
      ConfirmWatch.arm(state, before, confirm, kernelOptions.kernel().netns());
      startWatch(state.path());
    }
    Intent.done(state);
    record(state, "apply", plan);
    DaemonSignal.reload(state.path()).ifPresent(pid -> out.println("Told the daemon (pid " + pid + ") to reload."));
    out.println(confirm == null ? "Applied." : "Applied. Run 'flywall confirm' within " + confirm.toSeconds()
        + "s to keep it, or the previous state comes back.");
  }

  /**
   * Finishes an apply that a kill -9 or power loss interrupted (see {@link Intent}) before this
   * one plans against the kernel; false when its state could not be restored.
   */
  static boolean recoverInterrupted(StateDir state, dev.flywall.runtime.apply.Kernel kernel, PrintWriter err)
      throws IOException, InterruptedException {
    try {
      switch (Intent.recover(state, kernel)) {
        case NONE -> { }
        case FINISHED -> err.println("flywall: an earlier apply was interrupted after its work was done; it is"
            + " complete now");
        case REVERTED -> {
          err.println("flywall: an earlier apply was interrupted; the state before it was restored");
          record(state, "rollback", null);
        }
      }
      return true;
    } catch (ApplyException e) {
      err.println("flywall: an earlier apply was interrupted and its state could not be restored: " + e.getMessage());
      return false;
    }
  }

  /**
   * A pause between the steps of the kernel change, from {@code FLYWALL_TEST_STEP_PAUSE_MS}: a
   * test hook, so that the reliability tests can kill -9 an apply between two steps.
   */
  private static Transaction.Pause stepPause() {
    String millis = System.getenv("FLYWALL_TEST_STEP_PAUSE_MS");
    if (millis == null || !millis.matches("[0-9]{1,5}")) {
      return Transaction.Pause.NONE;
    }
    return next -> Thread.sleep(Long.parseLong(millis));
  }

  /** The configuration block behind the first rule an nft error quotes (by its provenance comment). */
  private java.util.Optional<dev.flywall.source.SourceSpan> provenance(String nftError) {
    return dev.flywall.plan.Provenance.commentIn(nftError)
        .flatMap(comment -> dev.flywall.plan.Provenance.resolve(comment, config));
  }

  /** An {@code apply} or {@code rollback} event in history.db: config hash, who, the plan's summary. */
  private static void record(StateDir state, String kind, PlanDiff.Result plan) {
    var details = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    state.currentHash().ifPresent(h -> details.put("config_hash", h));
    details.put("who", System.getenv().getOrDefault("SUDO_USER", System.getProperty("user.name")));
    if (plan != null) {
      details.put("plan", plan.add() + " to add, " + plan.change() + " to change, " + plan.destroy() + " to destroy");
    }
    String reason = plan == null ? "an interrupted apply was reverted" : "flywall apply";
    try (History history = History.open(state.path().resolve("history.db"))) {
      history.record(new History.Event(java.time.Instant.now(), kind, null, null, null, reason, details.toString()));
    } catch (java.sql.SQLException e) {
      // the kernel state is what matters; a history that cannot be written must not fail the apply
      System.err.println("flywall: could not record the " + kind + " event: " + e.getMessage());
    }
  }

  /** The revert waits in its own session, so killing this process (or its SSH session) does not stop it. */
  private static void startWatch(Path stateDir) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    new ProcessBuilder("setsid", java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "confirm-watch", "--state-dir", stateDir.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
  }
}
