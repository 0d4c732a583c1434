package dev.flywall.imports;

import dev.flywall.model.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tracking options of an mwan3 interface (mwan3track's) as a flywall {@code health_check}.
 * Options left out get mwan3's defaults written out (interval 10s, timeout 4s, down 5, up 5), so the
 * imported check behaves as mwan3 did, not as flywall's own defaults would.
 */
final class HealthCheckImport {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    private final ImportNotes notes;

    HealthCheckImport(ImportNotes notes) {
        this.notes = notes;
    }

    HclWriter.Block read(Uci.Section s, ImportNotes.Used used, HclWriter.Block iface) {
        HclWriter.Block check = new HclWriter.Block("health_check");
        List<String> targets = targets(s, used, check);
        method(s, used, check, targets);
        seconds(s, used, check, "interval", "interval", 10, 1, 3600);
        seconds(s, used, check, "timeout", "timeout", 4, 1, 3600);
        count(s, used, check, "down", "threshold_down", 5, 1, 100);
        count(s, used, check, "up", "threshold_up", 5, 1, 100);
        reliability(s, used, check, probed(s, targets));
        quality(s, used, check);
        notMapped(s, used, check);
        if (targets.isEmpty() && s.all("track_ip").isEmpty()) {
            iface.comment("mwan3 tracks nothing here (no track_ip) and holds the interface online; flywall always"
                    + " probes: its default targets are used");
        }
        return check.commentsLast();
    }

    private List<String> targets(Uci.Section s, ImportNotes.Used used, HclWriter.Block check) {
        used.add("track_ip");
        List<String> targets = new ArrayList<>();
        for (Uci.Option o : s.all("track_ip")) {
            String ip = o.value().strip();
            if (Cidr.parse(ip).isPresent() && !ip.contains("/")) {
                if (!targets.contains(ip)) {
                    targets.add(ip);
                }
            } else {
                check.add(notes.skip("track_ip " + ImportNotes.quote(o.value())
                        + ": flywall probes IP addresses, not host names; not imported"));
            }
        }
        return targets;
    }

    /** track_method (and httping_ssl) as the check's type; targets for the types that use them. */
    private void method(Uci.Section s, ImportNotes.Used used, HclWriter.Block check, List<String> targets) {
        used.add("track_method", "httping_ssl");
        String method = s.value("track_method").orElse("ping");
        boolean ssl = s.value("httping_ssl").filter("1"::equals).isPresent();
        if (!method.equals("httping") && s.option("httping_ssl").isPresent()) {
            check.add(notes.skip(
                    "httping_ssl " + ImportNotes.quote(s.value("httping_ssl").get())
                            + ": only for track_method 'httping'; not imported"));
        }
        switch (method) {
            case "ping", "nping-icmp" -> writeTargets(check, targets);
            case "httping" -> {
                if (targets.isEmpty()) {
                    check.add(notes.skip("track_method 'httping' without a track_ip address: an ICMP check is used"));
                    return;
                }
                check.argument("type", HclWriter.string("http"));
                String host = targets.get(0).contains(":") ? "[" + targets.get(0) + "]" : targets.get(0);
                check.argument("url", HclWriter.string((ssl ? "https://" : "http://") + host + "/"));
                if (targets.size() > 1) {
                    check.add(notes.skip("flywall's http check requests one URL: the first track_ip; the others ("
                            + String.join(", ", targets.subList(1, targets.size())) + ") are not imported"));
                }
            }
            case "nping-tcp" -> {
                check.argument("type", HclWriter.string("tcp"));
                writeTargets(check, targets);
                check.argument("port", "80");
                check.comment("port 80: the TCP port nping-tcp probes unless told otherwise");
            }
            default -> {
                check.add(notes.skip("track_method " + ImportNotes.quote(method)
                        + ": flywall has no such probe (icmp, http, tcp or dns); an ICMP check is used"));
                writeTargets(check, targets);
            }
        }
    }

    /** How many targets each round probes: one URL for http, flywall's two defaults without targets. */
    private static int probed(Uci.Section s, List<String> targets) {
        if (targets.isEmpty()) {
            return 2;
        }
        return s.value("track_method").filter("httping"::equals).isPresent() ? 1 : targets.size();
    }

    /** reliability, unless it asks more answers than a round has targets (mwan3 then never comes up). */
    private void reliability(Uci.Section s, ImportNotes.Used used, HclWriter.Block check, int probed) {
        Optional<Integer> value = number(s, used, check, "reliability", 1, 64);
        if (value.isEmpty()) {
            return;
        }
        if (value.get() > probed) {
            check.add(notes.skip("reliability " + ImportNotes.quote(String.valueOf(value.get()))
                    + ": more answers than the check has targets (" + probed + "), so mwan3 never deems the link up;"
                    + " not imported"));
            return;
        }
        check.argument("reliability", String.valueOf(value.get()));
    }

    private static void writeTargets(HclWriter.Block check, List<String> targets) {
        if (!targets.isEmpty()) {
            check.argument("targets", HclWriter.strings(targets));
        }
    }

    private void seconds(
            Uci.Section s,
            ImportNotes.Used used,
            HclWriter.Block check,
            String key,
            String arg,
            int dflt,
            int min,
            int max) {
        number(s, used, check, key, min, max)
                .or(() -> Optional.of(dflt))
                .ifPresent(v -> check.argument(arg, HclWriter.string(Durations.seconds(v))));
    }

    private void count(
            Uci.Section s,
            ImportNotes.Used used,
            HclWriter.Block check,
            String key,
            String arg,
            int dflt,
            int min,
            int max) {
        Optional<Integer> value = number(s, used, check, key, min, max);
        if (value.isPresent() || dflt != 1) {
            check.argument(arg, String.valueOf(value.orElse(dflt)));
        }
    }

    /** A whole number in [min, max]; a comment when the option is given but is not one. */
    private Optional<Integer> number(
            Uci.Section s, ImportNotes.Used used, HclWriter.Block check, String key, int min, int max) {
        used.add(key);
        Optional<String> text = s.value(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (NUMBER.matcher(text.get()).matches()) {
            int v = Integer.parseInt(text.get());
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
        }
        check.add(notes.skip(key + " " + ImportNotes.quote(text.get()) + ": flywall takes a whole number from " + min
                + " to " + max + " here; not imported, mwan3's default is written instead"));
        return Optional.empty();
    }

    /** check_quality with failure_latency and failure_loss as max_latency and max_loss. */
    private void quality(Uci.Section s, ImportNotes.Used used, HclWriter.Block check) {
        used.add("check_quality", "failure_latency", "failure_loss", "recovery_latency", "recovery_loss");
        boolean on = s.value("check_quality").filter("1"::equals).isPresent();
        List<String> keys = List.of("failure_latency", "failure_loss", "recovery_latency", "recovery_loss");
        if (!on) {
            for (String key : keys) {
                s.value(key)
                        .ifPresent(v -> check.add(notes.skip(key + " " + ImportNotes.quote(v)
                                + ": used only with check_quality '1'; not imported")));
            }
            return;
        }
        number(s, used, check, "failure_latency", 1, 60000)
                .or(() -> Optional.of(1000))
                .ifPresent(v -> check.argument("max_latency", HclWriter.string(v + "ms")));
        number(s, used, check, "failure_loss", 0, 100)
                .or(() -> Optional.of(40))
                .ifPresent(v -> check.argument("max_loss", String.valueOf(v)));
        for (String key : List.of("recovery_latency", "recovery_loss")) {
            s.value(key)
                    .ifPresent(v -> check.add(notes.skip(key + " " + ImportNotes.quote(v)
                            + ": flywall uses max_latency and max_loss for recovery too; not imported")));
        }
    }

    /** Options mwan3track has and flywall does not: each one a comment saying why. */
    private void notMapped(Uci.Section s, ImportNotes.Used used, HclWriter.Block check) {
        used.add(
                "count",
                "size",
                "max_ttl",
                "failure_interval",
                "recovery_interval",
                "keep_failure_interval",
                "initial_state",
                "flush_conntrack");
        s.value("count")
                .filter(v -> !v.equals("1"))
                .ifPresent(v -> check.add(notes.skip("count " + ImportNotes.quote(v)
                        + ": flywall sends one probe per target and round; not imported")));
        for (String key : List.of("size", "max_ttl")) {
            s.value(key)
                    .ifPresent(v -> check.add(notes.skip(key + " " + ImportNotes.quote(v)
                            + ": flywall's probes have a fixed size and TTL; not imported")));
        }
        for (String key : List.of("failure_interval", "recovery_interval", "keep_failure_interval")) {
            s.value(key)
                    .ifPresent(v -> check.add(notes.skip(key + " " + ImportNotes.quote(v)
                            + ": flywall probes every interval, whatever the link's state; not imported")));
        }
        s.value("initial_state")
                .ifPresent(v -> check.add(notes.skip("initial_state " + ImportNotes.quote(v)
                        + ": flywall has no such setting, its probes decide; not imported")));
        for (Uci.Option o : s.all("flush_conntrack")) {
            String why = switch (o.value()) {
                case "disconnected", "ifdown" ->
                    "flywall flushes the connections of a link that goes down by itself, and only those";
                default -> "flywall never flushes connections when a link comes up (they keep their link)";
            };
            check.add(notes.skip("flush_conntrack " + ImportNotes.quote(o.value()) + ": " + why + "; not imported"));
        }
    }
}
