package io.patchbay.store.jdbc;

import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.User;
import io.patchbay.store.Store;
import io.patchbay.store.StoreException;
import io.patchbay.store.UserFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The directory half of {@link JdbcStore}, and the helpers both halves use. */
abstract class JdbcDirectory implements Store {
  /** Every write goes through its queue, in order (see {@link GroupCommit}). */
  protected final GroupCommit db;

  /** Takes over {@code db}: closing the store closes it. */
  JdbcDirectory(Connections db) {
    this.db = new GroupCommit(db);
  }

  protected final <T> T read(String what, Connections.Work<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, what + " failed", e);
    }
  }

  protected final <T> T write(String what, Connections.Work<T> work) {
    try {
      return db.write(work);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, what + " failed", e);
    }
  }

  /** Queues a write; the future completes once it is committed (see {@link GroupCommit}). */
  protected final <T> java.util.concurrent.CompletableFuture<T> writeLater(String what,
      Connections.Work<T> work) {
    return db.later(what, work);
  }

  @Override
  public Device createUser(User user, Device device) {
    return write("create user", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO users (account_sid, user_id, first_name, last_name, email, role,"
              + " created_at, last_login) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, user.accountSid());
        ps.setString(2, user.userId());
        ps.setString(3, user.firstName());
        ps.setString(4, user.lastName());
        Rows.setNullable(ps, 5, user.email());
        ps.setString(6, user.role().wire());
        ps.setLong(7, user.createdAt().toEpochMilli());
        Rows.setNullable(ps, 8, user.lastLogin());
        ps.executeUpdate();
      }
      return device == null ? null : insertDevice(c, device);
    });
  }

  @Override
  public Optional<User> user(String accountSid, String userId) {
    return read("read user", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM users WHERE account_sid = ? AND user_id = ?")) {
        ps.setString(1, accountSid);
        ps.setString(2, userId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Rows.user(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<User> users(String accountSid, UserFilter filter, int offset, int limit) {
    return read("list users", c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM users u");
      List<String> args = where(sql, accountSid, filter);
      sql.append(" ORDER BY u.id LIMIT ? OFFSET ?");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = bind(ps, args);
        ps.setInt(i++, limit);
        ps.setInt(i, offset);
        List<User> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(Rows.user(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public int countUsers(String accountSid, UserFilter filter) {
    return read("count users", c -> {
      StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM users u");
      List<String> args = where(sql, accountSid, filter);
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  private static List<String> where(StringBuilder sql, String accountSid, UserFilter filter) {
    List<String> args = new ArrayList<>();
    sql.append(" WHERE u.account_sid = ?");
    args.add(accountSid);
    if (filter.email() != null) {
      sql.append(" AND u.email = ?");
      args.add(filter.email());
    }
    if (!filter.contactUris().isEmpty()) {
      sql.append(" AND EXISTS (SELECT 1 FROM devices d WHERE d.account_sid = u.account_sid")
          .append(" AND d.user_id = u.user_id AND d.contact_uri IN (")
          .append("?, ".repeat(filter.contactUris().size() - 1)).append("?))");
      args.addAll(filter.contactUris());
    }
    return args;
  }

  private static int bind(PreparedStatement ps, List<String> args) throws SQLException {
    int i = 1;
    for (String arg : args) {
      ps.setString(i++, arg);
    }
    return i;
  }

  @Override
  public void updateUser(User user) {
    write("update user", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE users SET first_name = ?, last_name = ?, email = ?, role = ?"
              + " WHERE account_sid = ? AND user_id = ?")) {
        ps.setString(1, user.firstName());
        ps.setString(2, user.lastName());
        Rows.setNullable(ps, 3, user.email());
        ps.setString(4, user.role().wire());
        ps.setString(5, user.accountSid());
        ps.setString(6, user.userId());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean deleteUser(String accountSid, String userId) {
    return write("delete user", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM devices WHERE account_sid = ? AND user_id = ?")) {
        ps.setString(1, accountSid);
        ps.setString(2, userId);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM users WHERE account_sid = ? AND user_id = ?")) {
        ps.setString(1, accountSid);
        ps.setString(2, userId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<Device> devices(String accountSid, String userId) {
    return read("list devices", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM devices WHERE account_sid = ? AND user_id = ? ORDER BY id")) {
        ps.setString(1, accountSid);
        ps.setString(2, userId);
        List<Device> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(Rows.device(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<Device> device(String accountSid, long deviceId) {
    return oneDevice("SELECT * FROM devices WHERE account_sid = ? AND id = ?",
        accountSid, String.valueOf(deviceId));
  }

  @Override
  public Optional<Device> deviceByContactUri(String accountSid, String contactUri) {
    return oneDevice("SELECT * FROM devices WHERE account_sid = ? AND contact_uri = ?",
        accountSid, contactUri);
  }

  private Optional<Device> oneDevice(String sql, String accountSid, String key) {
    return read("read device", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, accountSid);
        if (sql.endsWith("id = ?")) {
          ps.setLong(2, Long.parseLong(key));
        } else {
          ps.setString(2, key);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Rows.device(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Device addDevice(Device device) {
    return write("add device", c -> insertDevice(c, device));
  }

  private static Device insertDevice(Connection c, Device d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO devices (account_sid, user_id, name, contact_uri, available, verified,"
            + " status) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, d.accountSid());
      ps.setString(2, d.userId());
      Rows.setNullable(ps, 3, d.name());
      ps.setString(4, d.contactUri());
      ps.setInt(5, d.available() ? 1 : 0);
      ps.setInt(6, d.verified() ? 1 : 0);
      Rows.setNullable(ps, 7, d.status());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Device(rs.getLong(1), d.accountSid(), d.userId(), d.name(), d.contactUri(),
            d.available(), d.verified(), d.status());
      }
    }
  }

  @Override
  public void updateDevice(Device d) {
    write("update device", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE devices SET name = ?, contact_uri = ?, available = ?, verified = ?, status = ?"
              + " WHERE account_sid = ? AND id = ?")) {
        Rows.setNullable(ps, 1, d.name());
        ps.setString(2, d.contactUri());
        ps.setInt(3, d.available() ? 1 : 0);
        ps.setInt(4, d.verified() ? 1 : 0);
        Rows.setNullable(ps, 5, d.status());
        ps.setString(6, d.accountSid());
        ps.setLong(7, d.id());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean updateDeviceSettings(Device d) {
    return write("update device settings", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE devices SET name = ?, contact_uri = ?, available = ?, verified = ?"
              + " WHERE account_sid = ? AND id = ?")) {
        Rows.setNullable(ps, 1, d.name());
        ps.setString(2, d.contactUri());
        ps.setInt(3, d.available() ? 1 : 0);
        ps.setInt(4, d.verified() ? 1 : 0);
        ps.setString(5, d.accountSid());
        ps.setLong(6, d.id());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean setDeviceStatus(String accountSid, long deviceId, String status) {
    return write("set device status", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE devices SET status = ? WHERE account_sid = ? AND id = ?")) {
        Rows.setNullable(ps, 1, status);
        ps.setString(2, accountSid);
        ps.setLong(3, deviceId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void addExoPhone(String accountSid, String number) {
    upsert("INSERT INTO exophones (account_sid, number) VALUES (?, ?) ON CONFLICT DO NOTHING",
        accountSid, number);
  }

  @Override
  public boolean hasExoPhone(String accountSid, String number) {
    return exists("SELECT 1 FROM exophones WHERE account_sid = ? AND number = ?",
        accountSid, number);
  }

  @Override
  public List<String> exoPhones(String accountSid) {
    return read("list exophones", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT number FROM exophones WHERE account_sid = ? ORDER BY number")) {
        ps.setString(1, accountSid);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }

  @Override
  public void putContact(String accountSid, String number, String name) {
    upsert("INSERT INTO contacts (account_sid, number, name) VALUES (?, ?, ?)"
        + " ON CONFLICT (account_sid, number) DO UPDATE SET name = excluded.name",
        accountSid, number, name);
  }

  @Override
  public Optional<String> contactName(String accountSid, String number) {
    return read("read contact", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name FROM contacts WHERE account_sid = ? AND number = ?")) {
        ps.setString(1, accountSid);
        ps.setString(2, number);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void addDoNotCall(String accountSid, String number) {
    upsert("INSERT INTO do_not_call (account_sid, number) VALUES (?, ?) ON CONFLICT DO NOTHING",
        accountSid, number);
  }

  @Override
  public boolean removeDoNotCall(String accountSid, String number) {
    return upsert("DELETE FROM do_not_call WHERE account_sid = ? AND number = ?",
        accountSid, number) == 1;
  }

  @Override
  public boolean isDoNotCall(String accountSid, String number) {
    return exists("SELECT 1 FROM do_not_call WHERE account_sid = ? AND number = ?",
        accountSid, number);
  }

  private int upsert(String sql, String... args) {
    return write("update directory", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, List.of(args));
        return ps.executeUpdate();
      }
    });
  }

  private boolean exists(String sql, String... args) {
    return read("read directory", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, List.of(args));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }
}
