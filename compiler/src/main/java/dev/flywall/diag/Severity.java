package dev.flywall.diag;

/** How bad a diagnostic is: errors stop the pipeline, warnings do not. */
public enum Severity {
    ERROR,
    WARNING;

    /** The lower-case word used in every output format. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
