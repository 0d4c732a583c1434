package dev.flywall.runtime.daemon;

import dev.flywall.bundle.EventKind;
import dev.flywall.runtime.apply.StateDir;
import dev.flywall.runtime.engine.StateMachine;
import java.util.function.Consumer;

/**
 * What the daemon does with a {@link RulesetGuard} check: checks that the applied table is still
 * in the kernel as the daemon left it, restoring it (and the decisions) when not; says so in the
 * history, the notifications and the status, and reports the gateway as broken when the table
 * cannot be restored. Engine thread only.
 */
final class TableWatch {

    private static final String SUBJECT = "ruleset";

    private final StateDir stateDir;
    private final Problems problems;
    private final EventRecorder recorder;
    private final Runnable reload;
    private final Runnable publish;
    private final Consumer<String> log;

    /** {@code reload}: queues a reload of the bundle; {@code publish}: publishes the status. */
    TableWatch(
            StateDir stateDir,
            Problems problems,
            EventRecorder recorder,
            Runnable reload,
            Runnable publish,
            Consumer<String> log) {
        this.stateDir = stateDir;
        this.problems = problems;
        this.recorder = recorder;
        this.reload = reload;
        this.publish = publish;
        this.log = log;
    }

    void check(Switcher switcher, StateMachine machine) throws InterruptedException {
        RulesetGuard.Outcome o = switcher.checkRuleset(stateDir, machine);
        switch (o.verdict()) {
            case INTACT -> {
                if (problems.clear(SUBJECT)) {
                    recorder.record(recorder.gatewayEvent(
                            EventKind.RULESET_RESTORED, switcher.ruleset().name() + " is intact again"));
                    publish.run();
                }
            }
            case RESTORED -> {
                problems.clear(SUBJECT);
                switcher.clean();
                recorder.record(recorder.gatewayEvent(EventKind.RULESET_RESTORED, o.reason()));
                publish.run();
            }
            case DEFERRED -> log.accept(o.reason() + "; checking again later");
            case NEWER_BUNDLE -> {
                log.accept(o.reason() + "; loading it");
                reload.run();
            }
            case BROKEN -> {
                // the status says it before the notification goes out
                if (problems.raise(SUBJECT, o.reason())) {
                    recorder.record(recorder.gatewayEvent(EventKind.RULESET_BROKEN, o.reason()));
                } else {
                    log.accept(o.reason());
                }
            }
        }
    }
}
