package io.patchbay.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import io.patchbay.store.FlowStore;
import io.patchbay.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The flow half of the JDBC store: flows and groups as JSON documents in their rows. */
final class JdbcFlows implements FlowStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connections db;

  JdbcFlows(Connections db) {
    this.db = db;
  }

  @Override
  public void putFlow(Flow flow) {
    write("put flow", "INSERT INTO flows (account_sid, flow_id, definition) VALUES (?, ?, ?)"
        + " ON CONFLICT (account_sid, flow_id) DO UPDATE SET definition = excluded.definition",
        flow.accountSid(), flow.id(), encode(flow));
  }

  @Override
  public Optional<Flow> flow(String accountSid, String flowId) {
    List<Flow> found = flows("SELECT account_sid, flow_id, definition FROM flows"
        + " WHERE account_sid = ? AND flow_id = ?", accountSid, flowId);
    return found.stream().findFirst();
  }

  @Override
  public List<Flow> flows(String accountSid) {
    return flows("SELECT account_sid, flow_id, definition FROM flows WHERE account_sid = ?"
        + " ORDER BY id", accountSid);
  }

  @Override
  public boolean deleteFlow(String accountSid, String flowId) {
    try {
      return db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE exophones SET flow_id = NULL WHERE account_sid = ? AND flow_id = ?")) {
          ps.setString(1, accountSid);
          ps.setString(2, flowId);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM flows WHERE account_sid = ? AND flow_id = ?")) {
          ps.setString(1, accountSid);
          ps.setString(2, flowId);
          return ps.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "delete flow failed", e);
    }
  }

  @Override
  public void putGroup(Group group) {
    write("put group", "INSERT INTO agent_groups (account_sid, group_id, name, members)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (account_sid, group_id)"
        + " DO UPDATE SET name = excluded.name, members = excluded.members",
        group.accountSid(), group.id(), group.name(), Rows.json(group.members()));
  }

  @Override
  public Optional<Group> group(String accountSid, String groupId) {
    return groups("SELECT * FROM agent_groups WHERE account_sid = ? AND group_id = ?",
        accountSid, groupId).stream().findFirst();
  }

  @Override
  public List<Group> groups(String accountSid) {
    return groups("SELECT * FROM agent_groups WHERE account_sid = ? ORDER BY id", accountSid);
  }

  @Override
  public boolean deleteGroup(String accountSid, String groupId) {
    return write("delete group", "DELETE FROM agent_groups WHERE account_sid = ? AND group_id = ?",
        accountSid, groupId) == 1;
  }

  @Override
  public boolean linkExoPhone(String accountSid, String number, String flowId) {
    return write("link exophone",
        "UPDATE exophones SET flow_id = ? WHERE account_sid = ? AND number = ?",
        flowId, accountSid, number) == 1;
  }

  @Override
  public Optional<String> exoPhoneFlow(String accountSid, String number) {
    try {
      return db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT flow_id FROM exophones WHERE account_sid = ? AND number = ?")) {
          ps.setString(1, accountSid);
          ps.setString(2, number);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
          }
        }
      });
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "read exophone failed", e);
    }
  }

  private int write(String what, String sql, String... args) {
    try {
      return db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < args.length; i++) {
            Rows.setNullable(ps, i + 1, args[i]);
          }
          return ps.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, what + " failed", e);
    }
  }

  private List<Flow> flows(String sql, String... args) {
    try {
      return db.read(c -> {
        List<Flow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < args.length; i++) {
            ps.setString(i + 1, args[i]);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(decode(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "read flows failed", e);
    }
  }

  private List<Group> groups(String sql, String... args) {
    try {
      return db.read(c -> {
        List<Group> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < args.length; i++) {
            ps.setString(i + 1, args[i]);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              List<String> members = new ArrayList<>();
              JSON.readTree(rs.getString("members")).forEach(n -> members.add(n.asText()));
              out.add(new Group(rs.getString("group_id"), rs.getString("account_sid"),
                  rs.getString("name"), members));
            }
          }
        } catch (JsonProcessingException e) {
          throw new StoreException(StoreException.Kind.UNREADABLE, "group unreadable", e);
        }
        return out;
      });
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "read groups failed", e);
    }
  }

  static String encode(Flow flow) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", flow.name());
    root.put("recording", flow.recording());
    root.put("recording_channels", flow.recordingChannels());
    ArrayNode applets = root.putArray("applets");
    for (Applet a : flow.applets()) {
      ObjectNode n = applets.addObject().put("type", a.type());
      switch (a) {
        case Applet.Greeting g -> n.put("seconds", g.seconds());
        case Applet.Gather g -> n.put("max_digits", g.maxDigits());
        case Applet.Connect c -> n.put("group_id", c.groupId()).put("user_id", c.userId())
            .put("ring_seconds", c.ringSeconds());
        case Applet.Goto g -> n.put("target", g.target());
        case Applet.Hangup h -> { }
      }
    }
    return root.toString();
  }

  static Flow decode(String accountSid, String flowId, String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<Applet> applets = new ArrayList<>();
      for (JsonNode n : root.get("applets")) {
        String type = n.get("type").asText();
        applets.add(switch (type) {
          case "greeting" -> new Applet.Greeting(n.get("seconds").asInt());
          case "gather" -> new Applet.Gather(n.get("max_digits").asInt());
          case "connect", "transfer" -> new Applet.Connect(text(n, "group_id"),
              text(n, "user_id"), n.get("ring_seconds").asInt(), type.equals("transfer"));
          case "goto" -> new Applet.Goto(n.get("target").asInt());
          case "hangup" -> new Applet.Hangup();
          default -> throw new IllegalArgumentException("unknown applet " + type);
        });
      }
      return new Flow(flowId, accountSid, root.get("name").asText(), applets,
          root.get("recording").asBoolean(), root.get("recording_channels").asText());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException(StoreException.Kind.UNREADABLE,
          "flow " + flowId + " cannot be read", e);
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
