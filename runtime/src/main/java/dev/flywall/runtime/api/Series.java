package dev.flywall.runtime.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywall.runtime.history.History;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of {@code GET /api/wan/series}: an uplink's latency and loss over a range, in points
 * of {@link SeriesRequest.Range#step} aligned to the epoch (so two answers' points line up). Each
 * point sums the probes in it: {@code sent}, {@code lost}, {@code loss} (0 to 1), and the
 * round-trip times of the answered probes ({@code rtt_ms} the mean, {@code rtt_min_ms},
 * {@code rtt_max_ms}; {@code null} when none answered). A step without probes has no point.
 */
final class Series {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final class Bucket {
        int sent;
        int lost;
        double rttSum;
        double rttMin = Double.NaN;
        double rttMax = Double.NaN;

        void add(int s, int l, double sum, double min, double max) {
            sent += s;
            lost += l;
            if (s > l) {
                rttSum += sum;
                rttMin = Double.isNaN(rttMin) || min < rttMin ? min : rttMin;
                rttMax = Double.isNaN(rttMax) || max > rttMax ? max : rttMax;
            }
        }
    }

    private Series() {}

    /**
     * @param rounds for a range in memory: the rounds since the range's start
     * @param minutes for a longer range: the written minutes since its start, then the pending one
     */
    static ObjectNode of(
            SeriesRequest request, Instant now, List<SeriesSource.Round> rounds, List<History.Minute> minutes) {
        long step = request.range().step.toMillis();
        long start = now.minus(request.range().length).toEpochMilli();
        Map<Long, Bucket> buckets = new TreeMap<>();
        for (SeriesSource.Round r : rounds) {
            long at = r.at().toEpochMilli();
            if (at >= start) {
                buckets.computeIfAbsent(at - Math.floorMod(at, step), k -> new Bucket())
                        .add(r.sent(), r.lost(), r.rttSumMs(), r.rttMinMs(), r.rttMaxMs());
            }
        }
        for (History.Minute m : minutes) {
            long at = m.at().toEpochMilli();
            if (at >= start - 60_000) { // the minute the range starts in
                buckets.computeIfAbsent(at - Math.floorMod(at, step), k -> new Bucket())
                        .add(m.sent(), m.lost(), m.rttSumMs(), m.rttMinMs(), m.rttMaxMs());
            }
        }
        ObjectNode o = NODES.objectNode();
        o.put("uplink", request.uplink());
        o.put("range", request.range().text);
        o.put("step_s", request.range().step.toSeconds());
        o.put("from", Instant.ofEpochMilli(start).toString());
        o.put("to", now.toString());
        ArrayNode points = o.putArray("points");
        buckets.forEach((at, b) -> {
            ObjectNode p = points.addObject();
            p.put("at", Instant.ofEpochMilli(at).toString());
            p.put("sent", b.sent);
            p.put("lost", b.lost);
            p.put("loss", b.sent == 0 ? 0.0 : round((double) b.lost / b.sent, 1000));
            int answered = b.sent - b.lost;
            putMs(p, "rtt_ms", answered > 0 ? b.rttSum / answered : Double.NaN);
            putMs(p, "rtt_min_ms", b.rttMin);
            putMs(p, "rtt_max_ms", b.rttMax);
        });
        return o;
    }

    private static void putMs(ObjectNode p, String key, double ms) {
        if (Double.isNaN(ms)) {
            p.putNull(key);
        } else {
            p.put(key, round(ms, 100));
        }
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
