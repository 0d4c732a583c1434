package dev.flywall.lsp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents the editor has open: the text it shows of each (which wins over the file on
 * disk) and its version. Written on the JSON-RPC thread, read by the analysis thread.
 */
final class OpenDocuments {

    /** One open document as of one version. */
    record OpenDocument(String uri, String text, int version) {}

    private final Map<String, OpenDocument> documents = new ConcurrentHashMap<>();

    void put(String uri, String text, int version) {
        documents.put(uri, new OpenDocument(uri, text, version));
    }

    void remove(String uri) {
        documents.remove(uri);
    }

    Optional<OpenDocument> get(String uri) {
        return Optional.ofNullable(documents.get(uri));
    }

    List<OpenDocument> all() {
        return List.copyOf(documents.values());
    }
}
