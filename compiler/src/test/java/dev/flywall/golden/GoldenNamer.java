package dev.flywall.golden;

import java.io.File;
import java.nio.file.Path;
import org.approvaltests.namer.ApprovalNamer;

/**
 * Puts approved files at fixed places under {@code golden/}: {@code DIR/NAME.EXT}, with the
 * received one as {@code DIR/NAME.received.EXT} beside it (git ignores those).
 */
public record GoldenNamer(Path directory, String name) implements ApprovalNamer {

    @Override
    public String getApprovalName() {
        return name;
    }

    @Override
    public String getSourceFilePath() {
        return directory + File.separator;
    }

    @Override
    public File getApprovedFile(String extensionWithDot) {
        return directory.resolve(name + extensionWithDot).toFile();
    }

    @Override
    public File getReceivedFile(String extensionWithDot) {
        return directory.resolve(name + ".received" + extensionWithDot).toFile();
    }

    @Override
    public ApprovalNamer addAdditionalInformation(String info) {
        throw new UnsupportedOperationException("golden files have fixed names");
    }

    @Override
    public String getAdditionalInformation() {
        return "";
    }
}
