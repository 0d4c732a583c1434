package dev.flywall.cli;

/**
 * The exit codes of every {@code flywall} command, each with one meaning across all commands.
 * They are part of the command-line contract: scripts and CI jobs branch on them, so a code never
 * changes meaning once released.
 *
 * <p>The list is printed under "Exit Codes" in {@code flywall --help} and the man pages
 * ({@link FlywallCommand}); the README's exit-code sentence says the same. Commands list only the codes they can return, with
 * the same meanings.
 */
public final class ExitCodes {

    /** The command did what was asked and found nothing wrong (for check modes: nothing to change). */
    public static final int SUCCESS = 0;

    /**
     * Problems were found (for example {@code lint} reported errors) or the operation failed (for
     * example {@code apply} was rolled back, or the daemon refused a request). The details went to
     * stderr as diagnostics.
     */
    public static final int FAILURE = 1;

    /**
     * Usage error: bad flags or arguments, an unknown subcommand, or an input PATH that cannot be
     * read. Nothing was done.
     */
    public static final int USAGE = 2;

    /**
     * A check mode found changes to make, and made none: {@code fmt --check} (files would be
     * reformatted), {@code apply --dry-run} and {@code plan --detailed-exitcode} (the kernel would
     * change).
     */
    public static final int CHANGES = 3;

    /** {@code wan pin}, {@code unpin}, {@code failback}: the daemon's API refused the token, or needs one. */
    public static final int NOT_AUTHORIZED = 4;

    /** {@code wan}: the daemon is not running, or not answering its API. */
    public static final int DAEMON_NOT_RUNNING = 5;

    /**
     * Unusable environment: this machine cannot run the command as it stands — a missing tool
     * ({@code nft}, {@code ip}, {@code conntrack}), a missing privilege (not root, no
     * CAP_NET_ADMIN or CAP_NET_RAW), a missing kernel feature (nftables, network namespaces), or a
     * state directory that is unsafe, read-only or locked by another flywall. The message names
     * what is missing and the fix. Same value as {@code EX_UNAVAILABLE} in BSD's {@code sysexits.h}.
     */
    public static final int ENVIRONMENT = 69;

    /**
     * An unexpected exception, that is, a bug in flywall. Same value as {@code EX_SOFTWARE} in
     * BSD's {@code sysexits.h}.
     */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {}
}
