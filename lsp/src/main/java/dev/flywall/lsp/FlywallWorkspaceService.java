package dev.flywall.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Workspace notifications: a configuration file changed on disk means its folder is analysed again. */
final class FlywallWorkspaceService implements WorkspaceService {

    private final Workspace workspace;

    FlywallWorkspaceService(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        // flywall lsp has no settings
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        params.getChanges().forEach(change -> workspace.schedule(change.getUri()));
    }
}
