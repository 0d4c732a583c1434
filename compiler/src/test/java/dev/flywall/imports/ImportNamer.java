package dev.flywall.imports;

import java.io.File;
import java.nio.file.Path;
import org.approvaltests.namer.ApprovalNamer;

/**
 * Puts an import's approved output at {@code golden/imports/CASE/flywall.hcl}, the received one
 * beside it as {@code flywall.received.hcl} (git ignores those).
 */
record ImportNamer(Path directory) implements ApprovalNamer {

    private static final String NAME = "flywall";

    @Override
    public String getApprovalName() {
        return NAME;
    }

    @Override
    public String getSourceFilePath() {
        return directory + File.separator;
    }

    @Override
    public File getApprovedFile(String extensionWithDot) {
        return directory.resolve(NAME + extensionWithDot).toFile();
    }

    @Override
    public File getReceivedFile(String extensionWithDot) {
        return directory.resolve(NAME + ".received" + extensionWithDot).toFile();
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
