package dev.flywall.cli;

import dev.flywall.diag.DiagnosticFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --format text|json|sarif|github}. */
final class FormatConverter implements ITypeConverter<DiagnosticFormat> {
    @Override
    public DiagnosticFormat convert(String value) {
        return DiagnosticFormat.fromCliName(value)
                .orElseThrow(() -> new TypeConversionException(
                        "unknown format '" + value + "' (expected text, json, sarif or github)"));
    }
}
