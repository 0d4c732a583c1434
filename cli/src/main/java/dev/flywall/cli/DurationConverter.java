package dev.flywall.cli;

import dev.flywall.model.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as configurations write them: 500ms, 60s, 2m. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return DurationText.parse(value)
                .filter(d -> !d.isZero())
                .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a duration such as 60s or 2m"));
    }
}
