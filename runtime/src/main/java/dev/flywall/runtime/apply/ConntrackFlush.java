package dev.flywall.runtime.apply;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes the conntrack entries that carry a mark, IPv4 and IPv6. {@code conntrack} has no
 * interactive mode, but {@code conntrack -R FILE} (conntrack-tools 1.4.6+) reads its commands
 * from a file, stdin here, and runs them once that ends. So a spare {@code conntrack -R -} is
 * started ahead of time and waits on its stdin; a flush writes the two deletions, closes stdin and
 * waits for it to finish: the flush itself is what it always was, but its process has already
 * started. Each deleted entry is one line on the spare's stdout, which is how they are counted.
 * The next spare is started by {@link #prepare()}, off the caller's critical path.
 *
 * <p>Without a running spare (not prepared, or it died: an older conntrack without {@code -R}),
 * or when the spare reports a failure, the flush runs as before: a {@code conntrack -D} per
 * family, side by side, whose messages say what went wrong. After three spares in a row that
 * did not work, no more are started.
 */
public final class ConntrackFlush implements AutoCloseable {

    private static final Pattern DELETED = Pattern.compile("(\\d+) flow entries have been deleted");
    private static final Pattern MARK = Pattern.compile("0x[0-9a-f]{1,8}/0x[0-9a-f]{1,8}");
    private static final int GIVE_UP_AFTER = 3;

    private final Kernel kernel;
    private final Duration timeout;
    private final Consumer<String> log;
    private final boolean spares;
    private Process spare;
    private int failedSpares;
    private boolean closed;

    private ConntrackFlush(Kernel kernel, Duration timeout, Consumer<String> log, boolean spares) {
        this.kernel = Objects.requireNonNull(kernel);
        this.timeout = Objects.requireNonNull(timeout);
        this.log = Objects.requireNonNull(log);
        this.spares = spares;
    }

    /** Flushes through a spare started ahead of time ({@link #prepare()}); {@code log} hears about fallbacks. */
    public static ConntrackFlush withSpare(Kernel kernel, Duration timeout, Consumer<String> log) {
        return new ConntrackFlush(kernel, timeout, log, true);
    }

    /** Starts a {@code conntrack -D} per family for every flush. */
    public static ConntrackFlush oneShot(Kernel kernel) {
        return new ConntrackFlush(kernel, Kernel.DEFAULT_TIMEOUT, line -> {}, false);
    }

    /**
     * Deletes every entry whose mark, under the mask, is the given one ({@code 0x100/0xff00}), in
     * both families; returns how many went.
     */
    public synchronized int flush(String markAndMask) throws IOException, InterruptedException {
        if (!MARK.matcher(markAndMask).matches()) {
            throw new IllegalArgumentException("not a mark/mask: " + markAndMask);
        }
        Process p = spare;
        spare = null;
        if (p != null) {
            if (p.isAlive()) {
                OptionalCount done = throughSpare(p, markAndMask);
                if (done.count >= 0) {
                    failedSpares = 0;
                    return done.count;
                }
                log.accept("conntrack -R failed (" + done.why + "); flushing with conntrack -D");
            } else {
                log.accept("the spare conntrack -R exited early (" + p.exitValue() + "); flushing with conntrack -D");
            }
            failedSpares++;
        }
        return oneShotFlush(markAndMask);
    }

    /** A spare's count, or -1 and why it failed. */
    private record OptionalCount(int count, String why) {}

    /**
     * Hands the deletions to the spare and waits for it. Its output is drained by {@link Kernel}'s
     * drains, which every command of the daemon runs through: nothing on this path runs for the
     * first time at the first failover (a lambda linked then costs milliseconds).
     */
    private OptionalCount throughSpare(Process p, String markAndMask) throws InterruptedException {
        CompletableFuture<byte[]> out = Kernel.drain(p.getInputStream());
        CompletableFuture<byte[]> err = Kernel.drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(("-D -f ipv4 --mark " + markAndMask + "\n-D -f ipv6 --mark " + markAndMask + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            p.destroyForcibly();
            return new OptionalCount(-1, "its stdin: " + e.getMessage());
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new OptionalCount(-1, "no end within " + timeout.toMillis() + " ms");
            }
            String errText = new String(Kernel.await(err), StandardCharsets.UTF_8);
            byte[] outBytes = Kernel.await(out);
            if (p.exitValue() != 0) {
                return new OptionalCount(-1, "exit " + p.exitValue() + ": " + errText.strip());
            }
            return new OptionalCount(entries(outBytes), "");
        } catch (IOException e) {
            p.destroyForcibly();
            return new OptionalCount(-1, e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The deleted entries that conntrack -R lists, one a line. */
    static int entries(byte[] out) {
        int lines = 0;
        boolean blank = true;
        for (byte b : out) {
            if (b == '\n') {
                lines += blank ? 0 : 1;
                blank = true;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                blank = false;
            }
        }
        return lines + (blank ? 0 : 1);
    }

    /** The old path: {@code conntrack -D} per family, both started at once. */
    private int oneShotFlush(String markAndMask) throws IOException, InterruptedException {
        List<Future<Kernel.Result>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String family : List.of("ipv4", "ipv6")) {
                runs.add(pool.submit(() -> kernel.run("", "conntrack", "-D", "-f", family, "--mark", markAndMask)));
            }
            int deleted = 0;
            for (Future<Kernel.Result> run : runs) {
                deleted += deletedBy(result(run));
            }
            return deleted;
        }
    }

    private static Kernel.Result result(Future<Kernel.Result> run) throws IOException, InterruptedException {
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** "conntrack -D" exits 1 when it deleted nothing; the count is on stderr. */
    private static int deletedBy(Kernel.Result r) throws IOException {
        Matcher m = DELETED.matcher(r.err());
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        if (!r.ok() && !r.err().contains("0 flow entries")) {
            throw new IOException("conntrack -D failed: " + r.err().strip());
        }
        return 0;
    }

    /**
     * Starts the spare for the next flush when there is none. Cheap when one waits; callers call
     * it off their critical path (at start, and after each flush).
     */
    public synchronized void prepare() {
        if (!spares || closed || failedSpares >= GIVE_UP_AFTER || (spare != null && spare.isAlive())) {
            return;
        }
        try {
            spare = new ProcessBuilder(kernel.inNamespace("conntrack", "-R", "-")).start();
        } catch (IOException e) {
            failedSpares = GIVE_UP_AFTER;
            log.accept("cannot start conntrack (" + e.getMessage() + "); flushing with conntrack -D");
        }
    }

    /** Ends the spare: it is killed before it reads a command, so it deletes nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        if (spare != null) {
            spare.destroyForcibly();
            spare = null;
        }
    }
}
