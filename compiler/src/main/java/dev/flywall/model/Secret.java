package dev.flywall.model;

/**
 * A secret value: written in the file (discouraged), or a reference to an environment variable
 * or a file that the runtime reads. {@link #toString()} never shows a plaintext value.
 */
public sealed interface Secret {

    /** How the secret is shown in plans, models and logs. */
    String redacted();

    /** A value written in the configuration file, and where. */
    record Plain(String value, dev.flywall.source.SourceSpan span) implements Secret {
        /** A secret made in code, written nowhere. */
        public Plain(String value) {
            this(value, null);
        }

        @Override
        public String redacted() {
            return "(sensitive)";
        }

        @Override
        public String toString() {
            return redacted();
        }
    }

    /** {@code env("NAME")}. */
    record Env(String name) implements Secret {
        @Override
        public String redacted() {
            return "env(\"" + name + "\")";
        }
    }

    /** {@code file("/path")}. */
    record File(String path) implements Secret {
        @Override
        public String redacted() {
            return "file(\"" + path + "\")";
        }
    }
}
