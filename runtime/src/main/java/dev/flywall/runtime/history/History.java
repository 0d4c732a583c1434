package dev.flywall.runtime.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The event history, {@code history.db} in the state directory: SQLite in WAL mode, so the
 * daemon can write while {@code flywall wan history} reads. One row per event: when, what kind
 * ({@code apply}, {@code rollback}, {@code wan_down}, ...), the group and uplinks involved, why,
 * and a JSON document with the details.
 */
public final class History implements AutoCloseable {

    /** One event. {@code details} is a JSON object as text. */
    public record Event(Instant at, String kind, String group, String from, String to, String reason,
            String details) {}

    private final Connection db;

    private History(Connection db) {
        this.db = db;
    }

    public static History open(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,"
                    + " kind TEXT NOT NULL, grp TEXT, from_uplink TEXT, to_uplink TEXT, reason TEXT, details TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS events_at ON events (at_ms)");
        }
        return new History(db);
    }

    public void record(Event e) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO events (at_ms, kind, grp, from_uplink, to_uplink,"
                + " reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, e.at().toEpochMilli());
            p.setString(2, e.kind());
            p.setString(3, e.group());
            p.setString(4, e.from());
            p.setString(5, e.to());
            p.setString(6, e.reason());
            p.setString(7, e.details());
            p.executeUpdate();
        }
    }

    /** The newest events first, at most {@code limit}. */
    public List<Event> recent(int limit) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT at_ms, kind, grp, from_uplink, to_uplink, reason, details"
                + " FROM events ORDER BY at_ms DESC, id DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Event(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5), r.getString(6), r.getString(7)));
                }
            }
        }
        return out;
    }

    /** Deletes events older than the retention; returns how many. */
    public int prune(Duration retention, Instant now) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM events WHERE at_ms < ?")) {
            p.setLong(1, now.minus(retention).toEpochMilli());
            return p.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
