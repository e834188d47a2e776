package io.patchbay.store.jdbc;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import io.patchbay.store.AccountClock;
import io.patchbay.store.StoreException;
import io.patchbay.store.StoredCall;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store over plain JDBC. Its SQL is the common ground of SQLite and PostgreSQL (both take
 * {@code ON CONFLICT} and {@code RETURNING}), so one implementation serves every dialect; the
 * {@link Connections} carry what differs.
 */
final class JdbcStore extends JdbcCallbacks {

  private final JdbcFlows flows;

  JdbcStore(Connections db) {
    super(db);
    this.flows = new JdbcFlows(this.db);
  }

  // Flows and groups, kept in their own class.

  @Override
  public void putFlow(Flow flow) {
    flows.putFlow(flow);
  }

  @Override
  public Optional<Flow> flow(String accountSid, String flowId) {
    return flows.flow(accountSid, flowId);
  }

  @Override
  public List<Flow> flows(String accountSid) {
    return flows.flows(accountSid);
  }

  @Override
  public boolean deleteFlow(String accountSid, String flowId) {
    return flows.deleteFlow(accountSid, flowId);
  }

  @Override
  public void putGroup(Group group) {
    flows.putGroup(group);
  }

  @Override
  public Optional<Group> group(String accountSid, String groupId) {
    return flows.group(accountSid, groupId);
  }

  @Override
  public List<Group> groups(String accountSid) {
    return flows.groups(accountSid);
  }

  @Override
  public boolean deleteGroup(String accountSid, String groupId) {
    return flows.deleteGroup(accountSid, groupId);
  }

  @Override
  public boolean linkExoPhone(String accountSid, String number, String flowId) {
    return flows.linkExoPhone(accountSid, number, flowId);
  }

  @Override
  public Optional<String> exoPhoneFlow(String accountSid, String number) {
    return flows.exoPhoneFlow(accountSid, number);
  }

  @Override
  public String describe() {
    return db.describe();
  }

  @Override
  public void close() {
    db.close();
  }

  // Accounts.

  @Override
  public void createAccount(Account account, ApiCredential credential) {
    write("create account " + account.sid(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO accounts (sid, name, region, zone, auto_verify, created_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, account.sid());
        ps.setString(2, account.name());
        ps.setString(3, account.region().id());
        ps.setString(4, account.zone().getId());
        ps.setInt(5, account.autoVerifyDevices() ? 1 : 0);
        ps.setLong(6, account.createdAt().toEpochMilli());
        ps.executeUpdate();
      }
      insertCredential(c, credential);
      return null;
    });
  }

  @Override
  public Optional<Account> account(String sid) {
    return read("read account", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM accounts WHERE sid = ?")) {
        ps.setString(1, sid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(account(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Account> accounts() {
    return read("list accounts", c -> {
      List<Account> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM accounts ORDER BY created_at, sid");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(account(rs));
        }
      }
      return out;
    });
  }

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(
        rs.getString("sid"),
        rs.getString("name"),
        Region.parse(rs.getString("region")),
        ZoneId.of(rs.getString("zone")),
        rs.getInt("auto_verify") != 0,
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  @Override
  public Optional<ApiCredential> credential(String apiKey) {
    return read("read credential", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT api_key, account_sid, token_hash FROM api_credentials WHERE api_key = ?")) {
        ps.setString(1, apiKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new ApiCredential(rs.getString(1), rs.getString(2), rs.getString(3)))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public void addCredential(ApiCredential credential) {
    write("add credential", c -> {
      insertCredential(c, credential);
      return null;
    });
  }

  private static void insertCredential(Connection c, ApiCredential credential)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO api_credentials (api_key, account_sid, token_hash, created_at)"
            + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, credential.apiKey());
      ps.setString(2, credential.accountSid());
      ps.setString(3, credential.tokenHash());
      ps.setLong(4, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  // Calls.

  @Override
  public boolean createCall(Call call, String agentUserId, CallEvent first, String ownerNode) {
    CallWrites.NewCall row =
        new CallWrites.NewCall(call, agentUserId, null, first, ownerNode);
    return write("create call " + call.sid(), row::insert);
  }

  @Override
  public boolean createCall(Call call, String agentUserId, long agentDeviceId, CallEvent first,
      String ownerNode) {
    if (agentUserId == null) {
      throw new IllegalArgumentException("a call with a busy device needs its agent: "
          + call.sid() + " has none");
    }
    CallWrites.NewCall row =
        new CallWrites.NewCall(call, agentUserId, agentDeviceId, first, ownerNode);
    return write("create call " + call.sid(), row::insert);
  }


  @Override
  public Optional<StoredCall> call(String accountSid, String callSid) {
    return read("read call " + callSid, c -> loadCall(c, callSid))
        .filter(stored -> stored.call().accountSid().equals(accountSid));
  }

  @Override
  public Optional<StoredCall> callBySid(String callSid) {
    return read("read call " + callSid, c -> loadCall(c, callSid));
  }

  private static Optional<StoredCall> loadCall(Connection c, String callSid)
      throws SQLException {
    Call call;
    String agentUserId;
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM calls WHERE call_sid = ?")) {
      ps.setString(1, callSid);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        agentUserId = rs.getString("agent_user_id");
        try {
          call = new Call(
              rs.getString("call_sid"),
              rs.getString("account_sid"),
              Direction.fromWire(rs.getString("direction")),
              rs.getString("virtual_number"),
              Instant.ofEpochMilli(rs.getLong("created_at")),
              Rows.agent(rs.getString("agent")),
              rs.getString("customer_uri"),
              rs.getString("customer_name"),
              Rows.options(rs.getString("options")),
              rs.getString("app_id"),
              rs.getString("app_name"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
          throw new StoreException(StoreException.Kind.UNREADABLE,
              callSid + " - stored call cannot be read", e);
        }
      }
    }
    List<CallEvent> events = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, at, type, leg, data FROM call_events WHERE call_sid = ? ORDER BY seq")) {
      ps.setString(1, callSid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            events.add(new CallEvent(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)),
                EventType.fromWire(rs.getString(3)), rs.getInt(4),
                Rows.stringMap(rs.getString(5))));
          } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new StoreException(StoreException.Kind.UNREADABLE,
                callSid + " - stored event " + rs.getInt(1) + " cannot be read", e);
          }
        }
      }
    }
    return Optional.of(new StoredCall(call, agentUserId, events));
  }

  @Override
  public void append(String callSid, CallEvent event) {
    String json = Rows.json(event.data());
    write("append to " + callSid, c -> {
      appendEvent(c, callSid, event, json);
      return null;
    });
  }

  @Override
  protected void appendEvent(Connection c, String callSid, CallEvent event, String dataJson)
      throws SQLException {
    CallWrites.insertEvent(c, callSid, event, dataJson);
    if (event.type() == EventType.TERMINAL) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE calls SET terminal = 1 WHERE call_sid = ?")) {
        ps.setString(1, callSid);
        ps.executeUpdate();
      }
    }
  }


  @Override
  public void releaseAgent(String accountSid, String userId, String callSid) {
    write("release agent of " + callSid, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE users SET active_call_sid = NULL"
              + " WHERE account_sid = ? AND user_id = ? AND active_call_sid = ?")) {
        ps.setString(1, accountSid);
        ps.setString(2, userId);
        ps.setString(3, callSid);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<String> liveCallSids() {
    return read("list live calls", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT call_sid FROM calls WHERE terminal = 0 ORDER BY created_at");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public long countCalls(String accountSid) {
    return read("count calls", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM calls WHERE account_sid = ?")) {
        ps.setString(1, accountSid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public int deleteCalls(String accountSid) {
    return write("delete calls", c -> {
      for (String sql : new String[] {
          "DELETE FROM callback_attempts WHERE callback_id IN"
              + " (SELECT id FROM callbacks WHERE account_sid = ?)",
          "DELETE FROM callbacks WHERE account_sid = ?",
          "DELETE FROM call_events WHERE call_sid IN"
              + " (SELECT call_sid FROM calls WHERE account_sid = ?)",
          "UPDATE users SET active_call_sid = NULL WHERE account_sid = ?",
          "UPDATE devices SET status = 'free' WHERE account_sid = ? AND status = 'busy'"}) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, accountSid);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM calls WHERE account_sid = ?")) {
        ps.setString(1, accountSid);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean claimAgent(String accountSid, String userId, String callSid) {
    return write("claim agent for " + callSid, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET active_call_sid = ?"
          + " WHERE account_sid = ? AND user_id = ? AND active_call_sid IS NULL")) {
        ps.setString(1, callSid);
        ps.setString(2, accountSid);
        ps.setString(3, userId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<String> releaseCallAgents(String accountSid, String callSid) {
    return write("release agents of " + callSid,
        c -> CallWrites.releaseAgents(c, accountSid, callSid));
  }

  @Override
  public CompletableFuture<List<String>> releaseCallAgentsLater(String accountSid,
      String callSid) {
    return writeLater("release agents of " + callSid,
        c -> CallWrites.releaseAgents(c, accountSid, callSid));
  }

  @Override
  public void awaitWrites() {
    write("wait for queued writes", c -> null);
  }


  @Override
  public Optional<Instant> latestActivity(String accountSid) {
    return read("latest activity", c -> {
      String newest;
      try (PreparedStatement ps = c.prepareStatement("SELECT call_sid FROM calls"
          + " WHERE account_sid = ? ORDER BY created_at DESC LIMIT 1")) {
        ps.setString(1, accountSid);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          newest = rs.getString(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MAX(at) FROM call_events WHERE call_sid = ?")) {
        ps.setString(1, newest);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long at = rs.getLong(1);
          return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
        }
      }
    });
  }

  // Nodes.

  @Override
  public void heartbeat(String nodeId, Instant at) {
    write("heartbeat of " + nodeId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO nodes (node_id, heartbeat_at) VALUES (?, ?) ON CONFLICT (node_id)"
              + " DO UPDATE SET heartbeat_at = excluded.heartbeat_at")) {
        ps.setString(1, nodeId);
        ps.setLong(2, at.toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void advertise(String nodeId, String controlUrl) {
    write("advertise node " + nodeId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE nodes SET control_url = ? WHERE node_id = ?")) {
        ps.setString(1, controlUrl);
        ps.setString(2, nodeId);
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("node " + nodeId + " has no heartbeat to advertise");
        }
      }
      return null;
    });
  }

  @Override
  public Map<String, String> liveNodes(Instant aliveSince) {
    return read("list live nodes", c -> {
      Map<String, String> out = new java.util.TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT node_id, control_url FROM nodes"
          + " WHERE heartbeat_at >= ? AND control_url IS NOT NULL")) {
        ps.setLong(1, aliveSince.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void forgetNode(String nodeId) {
    write("forget node " + nodeId, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE node_id = ?")) {
        ps.setString(1, nodeId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<String> claimCalls(String nodeId, Instant staleBefore) {
    List<String[]> candidates = read("list orphaned calls", c -> {
      List<String[]> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          // The candidates come from the two partial indexes (live calls, pending callbacks):
          // "terminal = 0 OR EXISTS (...)" scanned every stored call, 0.3 s a start with a
          // million of them (docs/architecture.md, "Start-up and memory").
          "SELECT c.call_sid, c.owner_node FROM calls c"
              + " LEFT JOIN nodes n ON n.node_id = c.owner_node"
              + " WHERE c.call_sid IN (SELECT call_sid FROM calls WHERE terminal = 0"
              + " UNION SELECT call_sid FROM callbacks WHERE state = 'pending')"
              + " AND (c.owner_node IS NULL OR (c.owner_node <> ?"
              + " AND (n.node_id IS NULL OR n.heartbeat_at < ?)))"
              + " ORDER BY c.created_at, c.call_sid")) {
        ps.setString(1, nodeId);
        ps.setLong(2, staleBefore.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      return out;
    });
    List<String> claimed = new ArrayList<>();
    for (String[] candidate : candidates) {
      String callSid = candidate[0];
      String was = candidate[1];
      boolean took = write("claim call " + callSid, c -> {
        String sql = "UPDATE calls SET owner_node = ? WHERE call_sid = ? AND "
            + (was == null ? "owner_node IS NULL" : "owner_node = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, nodeId);
          ps.setString(2, callSid);
          if (was != null) {
            ps.setString(3, was);
          }
          return ps.executeUpdate() == 1;
        }
      });
      if (took) {
        claimed.add(callSid);
      }
    }
    return claimed;
  }

  @Override
  public Optional<String> callOwner(String callSid) {
    return read("read owner of " + callSid, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT owner_node FROM calls WHERE call_sid = ?")) {
        ps.setString(1, callSid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void setRateLimit(String accountSid, Integer perMinute) {
    write("set rate limit", c -> {
      String sql = perMinute == null
          ? "DELETE FROM account_rate_limits WHERE account_sid = ?"
          : "INSERT INTO account_rate_limits (account_sid, per_minute) VALUES (?, ?)"
              + " ON CONFLICT (account_sid) DO UPDATE SET per_minute = excluded.per_minute";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, accountSid);
        if (perMinute != null) {
          ps.setInt(2, perMinute);
        }
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public java.util.Map<String, Integer> rateLimits() {
    return read("read rate limits", c -> {
      java.util.Map<String, Integer> out = new java.util.HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT account_sid, per_minute FROM account_rate_limits");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getInt(2));
        }
      }
      return out;
    });
  }

  @Override
  public void saveClock(String accountSid, AccountClock clock) {
    write("save clock", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO account_clocks"
          + " (account_sid, instant_ms, wall_ms, speed, explicit) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_sid) DO UPDATE SET instant_ms = excluded.instant_ms,"
          + " wall_ms = excluded.wall_ms, speed = excluded.speed, explicit = excluded.explicit")) {
        ps.setString(1, accountSid);
        ps.setLong(2, clock.instant().toEpochMilli());
        ps.setLong(3, clock.wallAt().toEpochMilli());
        ps.setDouble(4, clock.speed());
        ps.setInt(5, clock.explicit() ? 1 : 0);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<AccountClock> clock(String accountSid) {
    return read("read clock", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT instant_ms, wall_ms, speed, explicit"
          + " FROM account_clocks WHERE account_sid = ?")) {
        ps.setString(1, accountSid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new AccountClock(Instant.ofEpochMilli(rs.getLong(1)),
                  Instant.ofEpochMilli(rs.getLong(2)), rs.getDouble(3), rs.getInt(4) != 0))
              : Optional.empty();
        }
      }
    });
  }
}
