package dev.flywall.lsp;

import dev.flywall.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files that form one configuration, as {@code flywall lint DIR} reads them: every {@code
 * *.hcl} file of a document's directory, in name order, each with the editor's text when it is
 * open and the disk's otherwise. A document that is not a file (an unsaved buffer) is a
 * configuration on its own.
 *
 * @param key the directory (or the URI, for a buffer), which names the configuration
 * @param files the files with the URI each came from
 * @param versions the version of each open document read, to tell when this has gone stale
 */
record Configuration(String key, List<Member> files, Map<String, Integer> versions) {

    /** One file of the configuration: its URI and its source, named by its path as lint names it. */
    record Member(String uri, SourceFile source) {}

    Configuration {
        files = List.copyOf(files);
        versions = Map.copyOf(versions);
    }

    /** The key of the configuration {@code uri} belongs to, without reading anything. */
    static String keyOf(String uri) {
        return path(uri).map(Path::getParent).map(Path::toString).orElse(uri);
    }

    /** The configuration the document at {@code uri} belongs to. */
    static Configuration of(String uri, OpenDocuments open) {
        Optional<Path> path = path(uri).filter(p -> p.getParent() != null);
        if (path.isEmpty()) {
            return alone(uri, open);
        }
        Path dir = path.get().getParent();
        // path → uri, sorted by path as lint sorts a directory's files
        TreeMap<Path, String> uris = new TreeMap<>();
        for (Path file : hclFiles(dir)) {
            uris.put(file, file.toUri().toString());
        }
        for (OpenDocuments.OpenDocument d : open.all()) {
            path(d.uri())
                    .filter(p -> dir.equals(p.getParent()))
                    .filter(p ->
                            p.equals(path.get()) || p.getFileName().toString().endsWith(".hcl"))
                    .ifPresent(p -> uris.put(p, d.uri()));
        }
        uris.putIfAbsent(path.get(), uri);
        List<Member> files = new ArrayList<>();
        Map<String, Integer> versions = new TreeMap<>();
        uris.forEach((file, fileUri) -> {
            Optional<OpenDocuments.OpenDocument> d = open.get(fileUri);
            d.ifPresent(doc -> versions.put(fileUri, doc.version()));
            Optional<String> text = d.map(OpenDocuments.OpenDocument::text).or(() -> read(file));
            text.ifPresent(t -> files.add(new Member(fileUri, new SourceFile(file.toString(), t))));
        });
        return new Configuration(dir.toString(), files, versions);
    }

    private static Configuration alone(String uri, OpenDocuments open) {
        Optional<OpenDocuments.OpenDocument> d = open.get(uri);
        List<Member> files = d.map(doc -> List.of(new Member(uri, new SourceFile(uri, doc.text()))))
                .orElse(List.of());
        Map<String, Integer> versions = d.map(doc -> Map.of(uri, doc.version())).orElse(Map.of());
        return new Configuration(uri, files, versions);
    }

    /** Whether an open document of this configuration has changed since it was read. */
    boolean staleAgainst(OpenDocuments open) {
        for (Member m : files) {
            Integer read = versions.get(m.uri());
            Optional<Integer> now = open.get(m.uri()).map(OpenDocuments.OpenDocument::version);
            if (read == null ? now.isPresent() : now.isEmpty() || !now.get().equals(read)) {
                return true;
            }
        }
        return false;
    }

    Optional<Member> member(String uri) {
        return files.stream().filter(m -> m.uri().equals(uri)).findFirst();
    }

    Optional<Member> memberNamed(String name) {
        return files.stream().filter(m -> m.source().name().equals(name)).findFirst();
    }

    List<SourceFile> sources() {
        return files.stream().map(Member::source).toList();
    }

    static Optional<Path> path(String uri) {
        try {
            URI parsed = URI.create(uri);
            return "file".equals(parsed.getScheme())
                    ? Optional.of(Path.of(parsed)).filter(p -> p.getParent() != null)
                    : Optional.empty();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    private static List<Path> hclFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".hcl") && Files.isRegularFile(p))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // an unreadable directory: only the open documents
        }
    }

    /** A file's text, or nothing when it cannot be read as UTF-8 (lint then reports it). */
    private static Optional<String> read(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
