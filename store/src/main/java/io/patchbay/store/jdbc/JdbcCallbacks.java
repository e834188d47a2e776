package io.patchbay.store.jdbc;

import io.patchbay.core.call.CallEvent;
import io.patchbay.store.CallbackAttempt;
import io.patchbay.store.NewCallback;
import io.patchbay.store.StoreException;
import io.patchbay.store.StoredCallback;
import io.patchbay.store.StoredCallback.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The status callback half of {@link JdbcStore}: the outbox, its attempts and signing secrets,
 * in SQL common to SQLite and PostgreSQL.
 */
abstract class JdbcCallbacks extends JdbcDirectory {
  private static final String PENDING = State.PENDING.wire();

  JdbcCallbacks(Connections db) {
    super(db);
  }

  /**
   * Appends an event inside the caller's transaction, as {@code append} does alone.
   *
   * @param dataJson the event's data as JSON, written by the caller beforehand
   */
  protected abstract void appendEvent(Connection c, String callSid, CallEvent event,
      String dataJson) throws SQLException;

  @Override
  public List<StoredCallback> append(String callSid, CallEvent event,
      List<NewCallback> callbacks) {
    String json = Rows.json(event.data());
    return write("append with callbacks to " + callSid, c -> append(c, callSid, event, json,
        callbacks));
  }

  @Override
  public CompletableFuture<List<StoredCallback>> appendLater(String callSid, CallEvent event,
      List<NewCallback> callbacks) {
    String json = Rows.json(event.data());
    return writeLater("append to " + callSid, c -> append(c, callSid, event, json, callbacks));
  }

  private List<StoredCallback> append(Connection c, String callSid, CallEvent event,
      String dataJson, List<NewCallback> callbacks) throws SQLException {
    appendEvent(c, callSid, event, dataJson);
    if (callbacks.isEmpty()) {
      return List.of();
    }
    List<StoredCallback> stored = new ArrayList<>();
    for (NewCallback cb : callbacks) {
      insert(c, cb).ifPresent(stored::add);
    }
    return stored;
  }

  private static Optional<StoredCallback> insert(Connection c, NewCallback cb)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO callbacks (account_sid, call_sid, position, event, url, body, created_at,"
            + " state, tries, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
            + " ON CONFLICT (call_sid, position) DO NOTHING RETURNING id")) {
      ps.setString(1, cb.accountSid());
      ps.setString(2, cb.callSid());
      ps.setInt(3, cb.position());
      ps.setString(4, cb.event());
      ps.setString(5, cb.url());
      ps.setString(6, cb.body());
      ps.setLong(7, cb.createdAt().toEpochMilli());
      ps.setString(8, PENDING);
      ps.setLong(9, cb.createdAt().toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredCallback(rs.getLong(1), cb.accountSid(), cb.callSid(),
            cb.position(), cb.event(), cb.url(), cb.body(), cb.createdAt(), State.PENDING, 0,
            cb.createdAt()));
      }
    }
  }

  @Override
  public List<StoredCallback> pendingCallbacks() {
    return read("list pending callbacks", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM callbacks WHERE state = ? ORDER BY due_at, id")) {
        ps.setString(1, PENDING);
        return callbacks(ps);
      }
    });
  }

  @Override
  public List<StoredCallback> callbacks(String accountSid, String callSid) {
    return read("list callbacks of " + callSid, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM callbacks WHERE account_sid = ? AND call_sid = ? ORDER BY id")) {
        ps.setString(1, accountSid);
        ps.setString(2, callSid);
        return callbacks(ps);
      }
    });
  }

  @Override
  public Optional<StoredCallback> callback(long id) {
    return read("read callback " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM callbacks WHERE id = ?")) {
        ps.setLong(1, id);
        return callbacks(ps).stream().findFirst();
      }
    });
  }

  private static List<StoredCallback> callbacks(PreparedStatement ps) throws SQLException {
    List<StoredCallback> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          out.add(new StoredCallback(
              rs.getLong("id"),
              rs.getString("account_sid"),
              rs.getString("call_sid"),
              rs.getInt("position"),
              rs.getString("event"),
              rs.getString("url"),
              rs.getString("body"),
              Instant.ofEpochMilli(rs.getLong("created_at")),
              State.fromWire(rs.getString("state")),
              rs.getInt("tries"),
              Instant.ofEpochMilli(rs.getLong("due_at"))));
        } catch (RuntimeException e) {
          throw new StoreException(StoreException.Kind.UNREADABLE,
              rs.getString("call_sid") + " - stored callback " + rs.getLong("id")
                  + " cannot be read", e);
        }
      }
    }
    return out;
  }

  @Override
  public List<CallbackAttempt> callbackAttempts(String callSid) {
    return read("list callback attempts of " + callSid, c -> {
      List<CallbackAttempt> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, callback_id, at, url, status, latency_ms, error, note"
              + " FROM callback_attempts WHERE call_sid = ? ORDER BY id")) {
        ps.setString(1, callSid);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int status = rs.getInt(5);
            Integer maybeStatus = rs.wasNull() ? null : status;
            out.add(new CallbackAttempt(rs.getLong(1), rs.getLong(2),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), maybeStatus,
                rs.getLong(6), rs.getString(7), rs.getString(8)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public boolean recordAttempt(CallbackAttempt attempt, State state, int tries, Instant dueAt) {
    return write("record callback attempt " + attempt.callbackId(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO callback_attempts (callback_id, call_sid, at, url, status, latency_ms,"
              + " error, note) SELECT id, call_sid, ?, ?, ?, ?, ?, ? FROM callbacks"
              + " WHERE id = ?")) {
        ps.setLong(1, attempt.at().toEpochMilli());
        ps.setString(2, attempt.url());
        if (attempt.status() == null) {
          ps.setNull(3, Types.INTEGER);
        } else {
          ps.setInt(3, attempt.status());
        }
        ps.setLong(4, attempt.latencyMillis());
        Rows.setNullable(ps, 5, attempt.error());
        Rows.setNullable(ps, 6, attempt.note());
        ps.setLong(7, attempt.callbackId());
        if (ps.executeUpdate() != 1) {
          throw new SQLException("no callback " + attempt.callbackId());
        }
      }
      if (state == null) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE callbacks SET state = ?, tries = ?, due_at = ? WHERE id = ? AND state = ?")) {
        ps.setString(1, state.wire());
        ps.setInt(2, tries);
        ps.setLong(3, dueAt.toEpochMilli());
        ps.setLong(4, attempt.callbackId());
        ps.setString(5, PENDING);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<StoredCallback> requeueCallback(long id, Instant dueAt) {
    boolean queued = write("requeue callback " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE callbacks SET state = ?, tries = 0, due_at = ? WHERE id = ? AND state <> ?")) {
        ps.setString(1, PENDING);
        ps.setLong(2, dueAt.toEpochMilli());
        ps.setLong(3, id);
        ps.setString(4, PENDING);
        return ps.executeUpdate() == 1;
      }
    });
    return queued ? callback(id) : Optional.empty();
  }

  @Override
  public Optional<String> signingSecret(String accountSid) {
    return read("read signing secret", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT secret FROM callback_signing WHERE account_sid = ?")) {
        ps.setString(1, accountSid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void setSigningSecret(String accountSid, String secret) {
    write("set signing secret", c -> {
      if (secret == null) {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM callback_signing WHERE account_sid = ?")) {
          ps.setString(1, accountSid);
          ps.executeUpdate();
        }
        return null;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO callback_signing (account_sid, secret, updated_at) VALUES (?, ?, ?)"
              + " ON CONFLICT (account_sid) DO UPDATE SET secret = excluded.secret,"
              + " updated_at = excluded.updated_at")) {
        ps.setString(1, accountSid);
        ps.setString(2, secret);
        ps.setLong(3, System.currentTimeMillis());
        ps.executeUpdate();
      }
      return null;
    });
  }
}
