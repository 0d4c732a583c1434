package dev.flywall.runtime.history;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The event history, {@code history.db} in the state directory: SQLite in WAL mode, so the
 * daemon can write while {@code flywall wan history} reads. One row per event: when, what kind
 * ({@code apply}, {@code rollback}, {@code wan_down}, ...), the group and uplinks involved, why,
 * and a JSON document with the details.
 *
 * <p>One instance holds one JDBC connection, which SQLite does not let two threads use at once;
 * every call takes the instance's lock, so the daemon's engine may record while API requests
 * query through the same instance. Other processes use their own connection ({@link
 * #openReadOnly}); WAL lets them read while the daemon writes.
 *
 * <p><b>Never losing events silently.</b> A connection keeps writing to the file it opened, even
 * after {@code history.db} was deleted: every {@link #record} (and {@link #verify}, which the
 * daemon calls periodically) compares the open file's identity (device and inode) with the
 * path's. A deleted file is recreated from what the open connection still holds ({@code VACUUM
 * INTO} the path), so no event is lost; a file replaced by another is followed. An event that
 * cannot be written (the path unusable, the disk full or read-only) is kept in memory, in order,
 * up to {@value #UNWRITTEN_LIMIT} (beyond that the oldest are dropped and counted), written as
 * soon as the file works again, and {@link #writeState} says what is wrong meanwhile.
 */
public final class History implements AutoCloseable {

    /** One event. {@code details} is a JSON object as text. */
    public record Event(Instant at, String kind, String group, String from, String to, String reason, String details) {}

    /**
     * How writing goes: {@code problem} says why the last write failed (empty when it worked),
     * {@code unwritten} how many events wait in memory, {@code dropped} how many were dropped
     * because too many waited, {@code recreated} how often a deleted file was recreated.
     */
    public record WriteState(Optional<String> problem, int unwritten, long dropped, long recreated) {}

    /**
     * One minute of one uplink's probes to one target (or, as {@link #minutes} returns them, to all
     * its targets: {@code target} is then null): sent and lost probes, and the round-trip times of
     * the answered ones (their sum, minimum and maximum in milliseconds; NaN when none answered).
     * What the status page's latency and loss graphs show beyond the rounds the daemon keeps in memory.
     */
    public record Minute(
            Instant at,
            String uplink,
            String target,
            int sent,
            int lost,
            double rttSumMs,
            double rttMinMs,
            double rttMaxMs) {

        /** The mean round-trip time of the answered probes; NaN when none answered. */
        public double rttMeanMs() {
            int answered = sent - lost;
            return answered > 0 ? rttSumMs / answered : Double.NaN;
        }
    }

    /** Events kept in memory while the file cannot be written. */
    static final int UNWRITTEN_LIMIT = 10_000;

    private static final String COLUMNS = "at_ms, kind, grp, from_uplink, to_uplink, reason, details";

    private final Path file;
    private Connection db;
    private Optional<Object> fileKey;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Event> unwritten = new ArrayDeque<>();
    private Optional<String> problem = Optional.empty();
    private long dropped;
    private long recreated;

    private History(Path file, Connection db) {
        this.file = file;
        this.db = db;
        this.fileKey = identity(file);
    }

    public static History open(Path file) throws SQLException {
        return new History(file, connect(file));
    }

    private static Connection connect(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,"
                    + " kind TEXT NOT NULL, grp TEXT, from_uplink TEXT, to_uplink TEXT, reason TEXT, details TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS events_at ON events (at_ms)");
            // added for the status page: a history.db of an older daemon gains it when opened
            s.execute("CREATE TABLE IF NOT EXISTS probe_minutes (at_ms INTEGER NOT NULL, uplink TEXT NOT NULL,"
                    + " target TEXT NOT NULL, sent INTEGER NOT NULL, lost INTEGER NOT NULL, rtt_sum_ms REAL,"
                    + " rtt_min_ms REAL, rtt_max_ms REAL, PRIMARY KEY (uplink, at_ms, target))");
            s.execute("CREATE INDEX IF NOT EXISTS probe_minutes_at ON probe_minutes (at_ms)");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** The device and inode at {@code path}; empty when nothing is there. */
    private static Optional<Object> identity(Path path) {
        try {
            return Optional.ofNullable(
                    Files.readAttributes(path, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens an existing history for reading only, as the CLI does while the daemon may be writing:
     * it never creates the file or the schema, and {@link #record} and {@link #prune} fail.
     *
     * @throws NoSuchFileException when there is no history yet
     * @throws AccessDeniedException when this user may not read it (the state directory is 0700)
     */
    public static History openReadOnly(Path file) throws SQLException, IOException {
        if (Files.notExists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no events have been recorded yet");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "the history is readable by root only");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        return new History(file, config.createConnection("jdbc:sqlite:" + file));
    }

    /**
     * Writes the event, after any kept in memory. When it cannot be written it is kept in memory
     * too (see the class comment) and the {@link SQLException} says why.
     */
    public void record(Event e) throws SQLException {
        lock.lock();
        try {
            if (unwritten.size() >= UNWRITTEN_LIMIT) {
                unwritten.removeFirst();
                dropped++;
            }
            unwritten.addLast(e);
            flush();
        } finally {
            lock.unlock();
        }
    }

    /** Follows a deleted or replaced file and writes the events kept in memory; throws while that fails. */
    public void verify() throws SQLException {
        lock.lock();
        try {
            flush();
        } finally {
            lock.unlock();
        }
    }

    /** How writing goes now. */
    public WriteState writeState() {
        lock.lock();
        try {
            return new WriteState(problem, unwritten.size(), dropped, recreated);
        } finally {
            lock.unlock();
        }
    }

    private void flush() throws SQLException {
        try {
            follow();
            while (!unwritten.isEmpty()) {
                insert(unwritten.peekFirst());
                unwritten.removeFirst();
            }
            // deleted while writing: the rows went to the old file, which the copy carries over
            follow();
            problem = Optional.empty();
        } catch (SQLException e) {
            problem = Optional.of(file + ": " + e.getMessage() + " (" + unwritten.size() + " events kept in memory"
                    + (dropped > 0 ? ", " + dropped + " dropped" : "") + ")");
            throw e;
        }
    }

    /** Makes the connection write to the file now at the path, recreating a deleted one from the old connection. */
    private void follow() throws SQLException {
        Optional<Object> now = identity(file);
        if (now.isPresent() && now.equals(fileKey)) {
            return;
        }
        if (now.isPresent() && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // keep the old connection: it still holds the events a later copy can save
            throw new SQLException("not a regular file; cannot write the history there");
        }
        if (now.isEmpty() && !db.isClosed()) {
            // the old connection still reads the deleted file: copy it whole to the path
            try (PreparedStatement copy = db.prepareStatement("VACUUM INTO ?")) {
                copy.setString(1, file.toString());
                copy.execute();
            }
            recreated++;
        }
        db.close(); // before opening the new file: the two would share the -wal and -shm names
        db = connect(file);
        fileKey = identity(file);
    }

    private void insert(Event e) throws SQLException {
        try (PreparedStatement p =
                db.prepareStatement("INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
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
        return query(Instant.EPOCH, Optional.empty(), limit);
    }

    /**
     * The events at or after {@code since}, newest first, at most {@code limit}; with an uplink,
     * only the events that name it as the uplink left ({@code from}) or taken ({@code to}).
     */
    public List<Event> query(Instant since, Optional<String> uplink, int limit) throws SQLException {
        List<Event> out = new ArrayList<>();
        lock.lock();
        try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE at_ms >= ?"
                + " AND (? IS NULL OR from_uplink = ? OR to_uplink = ?) ORDER BY at_ms DESC, id DESC LIMIT ?")) {
            p.setLong(1, since.toEpochMilli());
            String name = uplink.orElse(null);
            p.setString(2, name);
            p.setString(3, name);
            p.setString(4, name);
            p.setInt(5, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Event(
                            Instant.ofEpochMilli(r.getLong(1)),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getString(7)));
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * Writes minutes of probe results (a minute written again replaces the earlier row). Unlike
     * events they are not kept in memory when the file cannot be written: a graph with a gap is
     * better than a daemon holding hours of samples; the {@link SQLException} says why.
     */
    public void recordMinutes(List<Minute> minutes) throws SQLException {
        lock.lock();
        try {
            follow();
            boolean auto = db.getAutoCommit();
            db.setAutoCommit(false);
            try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO probe_minutes (at_ms, uplink,"
                    + " target, sent, lost, rtt_sum_ms, rtt_min_ms, rtt_max_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Minute m : minutes) {
                    p.setLong(1, m.at().toEpochMilli());
                    p.setString(2, m.uplink());
                    p.setString(3, m.target());
                    p.setInt(4, m.sent());
                    p.setInt(5, m.lost());
                    setReal(p, 6, m.rttSumMs());
                    setReal(p, 7, m.rttMinMs());
                    setReal(p, 8, m.rttMaxMs());
                    p.addBatch();
                }
                p.executeBatch();
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(auto);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void setReal(PreparedStatement p, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            p.setNull(index, java.sql.Types.REAL);
        } else {
            p.setDouble(index, value);
        }
    }

    /**
     * The minutes of {@code uplink} at or after {@code since}, oldest first, each summed over the
     * uplink's targets ({@link Minute#target} null). Empty for a history written before the table
     * existed and not opened by a daemon since (read-only connections never create it).
     */
    public List<Minute> minutes(String uplink, Instant since) throws SQLException {
        List<Minute> out = new ArrayList<>();
        lock.lock();
        try (PreparedStatement p = db.prepareStatement("SELECT at_ms, SUM(sent), SUM(lost), SUM(rtt_sum_ms),"
                + " MIN(rtt_min_ms), MAX(rtt_max_ms) FROM probe_minutes WHERE uplink = ? AND at_ms >= ?"
                + " GROUP BY at_ms ORDER BY at_ms")) {
            p.setString(1, uplink);
            p.setLong(2, since.toEpochMilli());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Minute(
                            Instant.ofEpochMilli(r.getLong(1)),
                            uplink,
                            null,
                            r.getInt(2),
                            r.getInt(3),
                            real(r, 4),
                            real(r, 5),
                            real(r, 6)));
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return List.of();
            }
            throw e;
        } finally {
            lock.unlock();
        }
        return out;
    }

    private static double real(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Double.NaN : v;
    }

    /** Deletes events and probe minutes older than the retention; returns how many events. */
    public int prune(Duration retention, Instant now) throws SQLException {
        lock.lock();
        try (PreparedStatement p = db.prepareStatement("DELETE FROM events WHERE at_ms < ?");
                PreparedStatement m = db.prepareStatement("DELETE FROM probe_minutes WHERE at_ms < ?")) {
            long cut = now.minus(retention).toEpochMilli();
            p.setLong(1, cut);
            m.setLong(1, cut);
            m.executeUpdate();
            return p.executeUpdate();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
        }
    }
}
