package dev.flywall.validate;

import static dev.flywall.decode.DiagnosticCase.GROUP;
import static dev.flywall.decode.DiagnosticCase.TWO_WANS;
import static dev.flywall.decode.DiagnosticCase.error;

import dev.flywall.decode.DiagnosticCase;
import dev.flywall.diag.Code;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnostics of a {@code maintenance} block alone (issue 18): an unknown time zone (E0329,
 * with a near zone id as hint), times that are not HH:MM or YYYY-MM-DD HH:MM (E0330), a schedule
 * that mixes or lacks the weekly and one-off forms or never ends (E0331), a one-off window that
 * ends no later than it starts (E0332), an unknown day (E0308) and a duration outside 1m–7d
 * (E0305). References and warnings are in {@link ReferenceDiagnosticsTest} and
 * {@link WarningDiagnosticsTest}.
 */
public class MaintenanceDiagnosticsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mistakeGivesExactlyItsDiagnostic(DiagnosticCase c) {
        c.assertTriggers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nearbyValidConfigIsClean(DiagnosticCase c) {
        c.assertFixedIsClean();
    }

    /** Two WANs and their group (lines 1–14), then a window from line 15 whose arguments start at column 15. */
    private static String window(String arguments) {
        return TWO_WANS + GROUP + "maintenance \"isp\" {\n  uplinks   = [\"eth0\"]\n  time_zone = \"Europe/Berlin\"\n"
                + arguments + "}\n";
    }

    /** Lines 18–20: a weekly schedule. */
    private static final String WEEKLY =
            "  days      = [\"sat\", \"sun\"]\n  start     = \"02:00\"\n  duration  = \"2h\"\n";

    /** Lines 18–19: a one-off schedule. */
    private static final String ONCE = "  from      = \"2026-12-10 22:00\"\n  until     = \"2026-12-11 04:00\"\n";

    public static Stream<DiagnosticCase> cases() {
        return Stream.of(
                error(Code.E0329, "misspelt time zone", "Unknown time zone \"Europe/Berln\"", "17:15")
                        .detail("IANA time zone", "\"Europe/Berln\" is not one")
                        .hint("did you mean \"Europe/Berlin\"?")
                        .config(window(WEEKLY).replace("Europe/Berlin", "Europe/Berln"))
                        .fix("Europe/Berln", "Europe/Berlin"),
                error(Code.E0329, "a city without its region", "Unknown time zone \"berlin\"", "17:15")
                        .detail("\"berlin\" is not one")
                        .hint("did you mean \"Europe/Berlin\"?")
                        .config(window(WEEKLY).replace("Europe/Berlin", "berlin"))
                        .fix("\"berlin\"", "\"Europe/Berlin\""),
                error(Code.E0329, "a fixed offset as time zone", "Unknown time zone \"+01:00\"", "17:15")
                        .detail("Fixed offsets (\"+01:00\")", "follows daylight saving")
                        .config(window(WEEKLY).replace("Europe/Berlin", "+01:00"))
                        .fix("\"+01:00\"", "\"UTC\""),
                error(Code.E0330, "start without its leading zero", "Invalid time", "19:15")
                        .detail("\"2:00\" is not a time of day", "24-hour HH:MM")
                        .hint("did you mean \"02:00\"?")
                        .config(window(WEEKLY.replace("02:00", "2:00")))
                        .fix("\"2:00\"", "\"02:00\""),
                error(Code.E0330, "start after midnight's hour", "Invalid time", "19:15")
                        .detail("\"24:30\" is not a time of day", "from \"00:00\" to \"23:59\"")
                        .config(window(WEEKLY.replace("02:00", "24:30")))
                        .fix("\"24:30\"", "\"00:30\""),
                error(Code.E0330, "ISO T in a date and time", "Invalid date and time", "18:15")
                        .detail("Write from as YYYY-MM-DD HH:MM")
                        .hint("did you mean \"2026-12-10 22:00\"?")
                        .config(window(ONCE.replace("2026-12-10 22:00", "2026-12-10T22:00")))
                        .fix("2026-12-10T22:00", "2026-12-10 22:00"),
                error(Code.E0330, "a day that does not exist", "Invalid date and time", "19:15")
                        .detail("\"2026-02-30 04:00\" is not a date and time")
                        .config(window(ONCE.replace("2026-12-11 04:00", "2026-02-30 04:00")))
                        .fix("2026-02-30 04:00", "2026-12-11 04:00"),
                error(Code.E0331, "weekly and one-off in one window", "Mixed maintenance schedule", "21:15")
                        .detail("has days and start and duration (a weekly window) and from", "either weekly")
                        .hint("Split it into two maintenance blocks, or remove from.")
                        .config(window(WEEKLY + "  from      = \"2026-12-10 22:00\"\n"))
                        .fix("  from      = \"2026-12-10 22:00\"\n", ""),
                error(Code.E0331, "no schedule", "Missing maintenance schedule", "15:1")
                        .detail("says nothing about when it is")
                        .hint("Add days = [\"sun\"], start = \"02:00\" and duration = \"2h\", say.")
                        .config(window(""))
                        .fix("\"Europe/Berlin\"\n", "\"Europe/Berlin\"\n" + ONCE),
                error(Code.E0331, "weekly window without duration", "Incomplete maintenance schedule", "15:1")
                        .detail("is a weekly window (days, start) without duration")
                        .hint("Add duration.")
                        .config(window(WEEKLY.replace("  duration  = \"2h\"\n", "")))
                        .fix("\"02:00\"\n", "\"02:00\"\n  duration = \"2h\"\n"),
                error(Code.E0331, "one-off window without from", "Incomplete maintenance schedule", "15:1")
                        .detail("is a one-off window (until) without from")
                        .config(window("  until     = \"2026-12-11 04:00\"\n"))
                        .hint("Add from.")
                        .fix("  until", "  from = \"2026-12-10 22:00\"\n  until"),
                error(Code.E0331, "a weekly window that never ends", "Endless maintenance window", "20:15")
                        .detail("lasts 7d from each of its days", "never ends")
                        .hint("Shorten duration below the longest stretch between its days, or drain the uplinks"
                                + " instead (flywall wan drain).")
                        .config(window(WEEKLY.replace("\"2h\"", "\"7d\"")))
                        .fix("\"7d\"", "\"5d\""),
                error(Code.E0332, "until before from", "Empty maintenance window", "19:15")
                        .detail("ends (until = \"2026-12-10 21:00\") no later than it starts", "never active")
                        .hint("Write an until after from.")
                        .config(window(ONCE.replace("2026-12-11 04:00", "2026-12-10 21:00")))
                        .fix("2026-12-10 21:00", "2026-12-11 04:00"),
                error(Code.E0308, "a day spelt out", "Invalid value", "18:23")
                        .detail("\"thurs\" is not accepted here")
                        .hint("did you mean \"thu\"?")
                        .config(window(WEEKLY.replace("\"sun\"", "\"thurs\"")))
                        .fix("thurs", "thu"),
                error(Code.E0305, "a window longer than a week", "Value out of range", "20:15")
                        .detail("\"8d\" is outside the accepted range 1m–7d")
                        .config(window(WEEKLY.replace("\"2h\"", "\"8d\"")))
                        .fix("\"8d\"", "\"2h\""));
    }
}
