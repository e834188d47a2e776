package io.patchbay.store.jdbc;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a call's writes (its creation, its events, the release of its agents), for
 * {@link JdbcStore} to run alone or queued: each runs inside the caller's transaction.
 */
final class CallWrites {
  private CallWrites() {}

  /**
   * A call to insert, with its JSON columns written beforehand: by the caller's thread, not by
   * the store's one writer, which every write waits for.
   */
  record NewCall(Call call, String agentUserId, Long agentDeviceId, CallEvent first,
      String ownerNode, String agentJson, String optionsJson, String firstJson) {
    NewCall(Call call, String agentUserId, Long agentDeviceId, CallEvent first,
        String ownerNode) {
      this(call, agentUserId, agentDeviceId, first, ownerNode,
          call.agent() == null ? null : Rows.json(call.agent()), Rows.json(call.options()),
          Rows.json(first.data()));
    }

    boolean insert(Connection c) throws SQLException {
      return insertCall(c, this);
    }
  }

  private static boolean insertCall(Connection c, NewCall row) throws SQLException {
    Call call = row.call();
    String agentUserId = row.agentUserId();
    if (agentUserId != null) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE users SET active_call_sid = ?"
              + " WHERE account_sid = ? AND user_id = ? AND active_call_sid IS NULL")) {
        ps.setString(1, call.sid());
        ps.setString(2, call.accountSid());
        ps.setString(3, agentUserId);
        if (ps.executeUpdate() != 1) {
          return false;
        }
      }
    }
    if (row.agentDeviceId() != null) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE devices SET status = 'busy' WHERE account_sid = ? AND id = ?")) {
        ps.setString(1, call.accountSid());
        ps.setLong(2, row.agentDeviceId());
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO calls (call_sid, account_sid, direction, virtual_number, created_at,"
            + " agent, agent_user_id, customer_uri, customer_name, options, app_id, app_name,"
            + " terminal, owner_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
      ps.setString(1, call.sid());
      ps.setString(2, call.accountSid());
      ps.setString(3, call.direction().wire());
      ps.setString(4, call.virtualNumber());
      ps.setLong(5, call.createdAt().toEpochMilli());
      Rows.setNullable(ps, 6, row.agentJson());
      Rows.setNullable(ps, 7, agentUserId);
      ps.setString(8, call.customerUri());
      Rows.setNullable(ps, 9, call.customerName());
      ps.setString(10, row.optionsJson());
      Rows.setNullable(ps, 11, call.appId());
      Rows.setNullable(ps, 12, call.appName());
      Rows.setNullable(ps, 13, row.ownerNode());
      ps.executeUpdate();
    }
    insertEvent(c, call.sid(), row.first(), row.firstJson());
    return true;
  }

  static void insertEvent(Connection c, String callSid, CallEvent e, String dataJson)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO call_events (call_sid, seq, at, type, leg, data) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, callSid);
      ps.setInt(2, e.seq());
      ps.setLong(3, e.at().toEpochMilli());
      ps.setString(4, e.type().wire());
      ps.setInt(5, e.leg());
      ps.setString(6, dataJson);
      ps.executeUpdate();
    }
  }

  /** Two statements: the devices of the users busy on the call, then the users themselves. */
  static List<String> releaseAgents(Connection c, String accountSid, String callSid)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET status = 'free'"
        + " WHERE account_sid = ? AND status = 'busy' AND user_id IN (SELECT user_id FROM users"
        + " WHERE account_sid = ? AND active_call_sid = ?)")) {
      ps.setString(1, accountSid);
      ps.setString(2, accountSid);
      ps.setString(3, callSid);
      ps.executeUpdate();
    }
    List<String> users = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET active_call_sid = NULL"
        + " WHERE account_sid = ? AND active_call_sid = ? RETURNING user_id")) {
      ps.setString(1, accountSid);
      ps.setString(2, callSid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          users.add(rs.getString(1));
        }
      }
    }
    return users;
  }
}
