package dev.flywall.runtime.apply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One long-running {@code nft -i} that takes scripts through a pipe, so a daemon's switch costs a
 * write instead of a process start ({@code nft -f} takes 10-20 ms to start and read its cache).
 *
 * <p>A script goes down as one line, its statements joined by {@code ;}: nft runs each line of its
 * interactive mode as one transaction, so the script stays atomic as with {@code nft -f}. After it
 * comes a fence, {@value #FENCE}, which touches no kernel state and answers with one line starting
 * {@value #FENCE_ANSWER}; stderr goes into the same pipe as stdout, so everything read before that
 * line is the script's own output, in order: an {@code Error:} in it means nft refused the whole
 * script. A session that does not answer within its timeout is killed, and one that died is
 * started again on the next script. Whenever the session cannot say what became of a script (it
 * would not start, died, timed out) the script runs once more through {@code nft -f}, the old
 * one-shot path: so scripts must be idempotent (the daemon's are: {@code flush chain} then {@code
 * add rule}, {@code flush set}). Scripts with {@code #} (comments, which would swallow the rest of
 * the line) always take the one-shot path.
 */
public final class NftSession implements AutoCloseable {

    /** Asked after each script; nft answers it from its own tables, without the kernel. */
    static final String FENCE = "describe meta mark";

    /** The start of the fence's one-line answer ("meta expression, datatype mark ..."). */
    static final String FENCE_ANSWER = "meta expression";

    /** How long the session waits after a failed start before it tries again. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(60);

    /** Put on the queue by the reader when nft's output ended (identity-compared). */
    private static final String END = new String("end of output");

    private final Kernel kernel;
    private final Duration timeout;
    private final Consumer<String> log;
    private final boolean persistent;
    private Process process;
    private OutputStream stdin;
    private BlockingQueue<String> lines;
    private long retryAt = System.nanoTime();
    private String lost = "";
    private boolean closed;

    private NftSession(Kernel kernel, Duration timeout, Consumer<String> log, boolean persistent) {
        this.kernel = Objects.requireNonNull(kernel);
        this.timeout = Objects.requireNonNull(timeout);
        this.log = Objects.requireNonNull(log);
        this.persistent = persistent;
    }

    /** A session kept running between scripts; {@code log} hears why it fell back to one-shot runs. */
    public static NftSession open(Kernel kernel, Duration timeout, Consumer<String> log) {
        return new NftSession(kernel, timeout, log, true);
    }

    /** Runs every script as its own {@code nft -f -}: for tests and one-off callers. */
    public static NftSession oneShot(Kernel kernel) {
        return new NftSession(kernel, Kernel.DEFAULT_TIMEOUT, line -> {}, false);
    }

    /**
     * Runs {@code script} (nft statements, one per line) as one transaction. The result's exit code
     * is 0 when nft took it; otherwise its error text is in {@link Kernel.Result#err()}.
     */
    public synchronized Kernel.Result run(String script) throws IOException, InterruptedException {
        List<String> statements = script.lines().filter(l -> !l.isBlank()).toList();
        if (statements.isEmpty()) {
            return new Kernel.Result(0, "", "");
        }
        if (persistent && !closed && script.indexOf('#') < 0 && script.indexOf('\r') < 0 && ready()) {
            List<String> output = ask(String.join("; ", statements));
            if (output != null) {
                String text = output.isEmpty() ? "" : String.join("\n", output) + "\n";
                return new Kernel.Result(text.contains("Error:") ? 1 : 0, "", text);
            }
            // what became of it is unknown: it runs once more below; a session that hangs rests a while
            log.accept(lost + "; running the script through nft -f");
            if (lost.contains("did not answer")) {
                retryAt = System.nanoTime() + RETRY_AFTER.toNanos();
            }
        }
        return kernel.run(script, "nft", "-f", "-");
    }

    /**
     * Starts the session now if it is not running (it also starts on the next script): callers
     * call it off their critical path, e.g. after a switch, so the next one finds it running.
     */
    public synchronized void prepare() throws InterruptedException {
        if (persistent && !closed) {
            ready();
        }
    }

    /** Whether a process runs and answered its fence; starts one when none does. */
    private boolean ready() throws InterruptedException {
        if (process != null && process.isAlive()) {
            return true;
        }
        if (process != null) {
            stop(); // it died between scripts: start it again
        }
        if (System.nanoTime() - retryAt < 0) {
            return false;
        }
        try {
            process = new ProcessBuilder(kernel.inNamespace("nft", "-i"))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return unusable("cannot start nft -i: " + e.getMessage());
        }
        stdin = process.getOutputStream();
        lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform()
                .daemon()
                .name("flywall-nft-session")
                .start(reader(
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        lines));
        if (ask(null) == null) { // the first answer shows that nft -i works here
            return unusable(lost);
        }
        return true;
    }

    private boolean unusable(String why) {
        stop();
        retryAt = System.nanoTime() + RETRY_AFTER.toNanos();
        log.accept(why + "; switching through nft -f for " + RETRY_AFTER.toSeconds() + " s");
        return false;
    }

    private static Runnable reader(BufferedReader out, BlockingQueue<String> lines) {
        return () -> {
            try (out) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the session was stopped: the caller sees the end below
            } finally {
                lines.add(END);
            }
        };
    }

    /**
     * Sends {@code line} (none: only the fence) and returns what nft printed before the fence's
     * answer; null when the session died or did not answer in time (it is then stopped).
     */
    private List<String> ask(String line) throws InterruptedException {
        lines.clear();
        try {
            String text = (line == null ? "" : line + "\n") + FENCE + "\n";
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            lost = "nft -i exited";
            stop();
            return null;
        }
        List<String> output = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String next;
            try {
                next = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                stop(); // its answer would arrive during the next script and be taken for that one's
                throw e;
            }
            if (next == END || next == null) {
                lost = next == END ? "nft -i exited" : "nft -i did not answer within " + timeout.toMillis() + " ms";
                stop();
                return null;
            }
            if (next.startsWith(FENCE_ANSWER)) {
                return output;
            }
            output.add(next);
        }
    }

    private void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                stdin.close();
            } catch (IOException e) {
                // it is gone either way
            }
        }
        process = null;
        stdin = null;
    }

    /** Ends the process; later scripts go through {@code nft -f}. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }
}
