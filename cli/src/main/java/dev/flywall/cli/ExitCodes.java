package dev.flywall.cli;

/**
 * The exit codes of every {@code flywall} command. They are part of the command-line contract:
 * scripts and CI jobs branch on them, so a code never changes meaning once released.
 *
 * <p>The list is also printed under "Exit Codes" in {@code flywall --help} and the man pages.
 */
public final class ExitCodes {

  /** The command did what was asked and found nothing wrong. */
  public static final int SUCCESS = 0;

  /**
   * Problems were found (for example {@code lint} reported errors) or the operation failed (for
   * example {@code apply} was rolled back). The details went to stderr as diagnostics.
   */
  public static final int FAILURE = 1;

  /**
   * Usage error or unusable environment: bad flags or arguments, an unknown subcommand, missing
   * privileges, or a required tool (such as {@code nft} or {@code ip}) that is not installed.
   */
  public static final int USAGE = 2;

  /** {@code fmt --check}: at least one file is not formatted and would change. */
  public static final int WOULD_REFORMAT = 3;

  /**
   * An unexpected exception, that is, a bug in flywall. Same value as {@code EX_SOFTWARE} in
   * BSD's {@code sysexits.h}.
   */
  public static final int INTERNAL_ERROR = 70;

  private ExitCodes() {}
}
