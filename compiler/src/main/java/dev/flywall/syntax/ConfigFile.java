package dev.flywall.syntax;

import dev.flywall.source.SourceFile;

/** A parsed file: its source and its top-level body. */
public record ConfigFile(SourceFile source, Body body) {}
