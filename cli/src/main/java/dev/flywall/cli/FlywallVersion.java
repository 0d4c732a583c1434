package dev.flywall.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of this flywall build, as Maven wrote it into {@code version.properties} (a
 * filtered resource) at build time. Also serves picocli's {@code --version} option.
 */
public final class FlywallVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    /** Used by picocli, which instantiates version providers itself. */
    public FlywallVersion() {}

    /**
     * Returns the project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the
     * resource is missing or was not filtered (a build outside Maven).
     */
    public static String number() {
        return Holder.NUMBER;
    }

    /** The single line printed by {@code flywall --version}: {@code flywall <version>}. */
    @Override
    public String[] getVersion() {
        return new String[] {"flywall " + number()};
    }

    private static String load() {
        try (InputStream in = FlywallVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            // an unfiltered copy still says ${project.version}
            return version.isBlank() || version.contains("${") ? "unknown" : version.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the flywall jar", e);
        }
    }

    /** Loads the resource once, on first use. */
    private static final class Holder {
        static final String NUMBER = load();
    }
}
