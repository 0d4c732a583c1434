package dev.flywall.model;

import dev.flywall.source.SourceSpan;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code maintenance "NAME" { }} block as written: the {@link Maintenance} it describes, where
 * each uplink of its list is written ({@code uplinkSpans}, in the list's order), where each
 * argument is written ({@code spans}, by name), and its header ({@code span}), for the
 * validator's messages.
 */
public record MaintenanceWindow(
        Maintenance maintenance, List<SourceSpan> uplinkSpans, Map<String, SourceSpan> spans, SourceSpan span) {

    public MaintenanceWindow {
        Objects.requireNonNull(maintenance, "maintenance");
        uplinkSpans = List.copyOf(uplinkSpans);
        spans = Map.copyOf(spans);
        Objects.requireNonNull(span, "span");
    }

    public String name() {
        return maintenance.name();
    }

    /** Where an argument is written, or the block's header when it is not. */
    public SourceSpan span(String argument) {
        return spans.getOrDefault(argument, span);
    }
}
