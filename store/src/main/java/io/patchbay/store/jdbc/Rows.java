package io.patchbay.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

/** Reads and writes the model's rows and JSON columns. */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Rows() {}

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  static Map<String, String> stringMap(String json) throws JsonProcessingException {
    return JSON.readValue(json, STRING_MAP);
  }

  static CallOptions options(String json) throws JsonProcessingException {
    return JSON.readValue(json, CallOptions.class);
  }

  static AgentRef agent(String json) throws JsonProcessingException {
    return json == null ? null : JSON.readValue(json, AgentRef.class);
  }

  static User user(ResultSet rs) throws SQLException {
    return new User(
        rs.getString("account_sid"),
        rs.getString("user_id"),
        rs.getString("first_name"),
        rs.getString("last_name"),
        rs.getString("email"),
        Role.fromWire(rs.getString("role")).orElse(Role.USER),
        rs.getString("active_call_sid"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instantOrNull(rs, "last_login"));
  }

  static Device device(ResultSet rs) throws SQLException {
    return new Device(
        rs.getLong("id"),
        rs.getString("account_sid"),
        rs.getString("user_id"),
        rs.getString("name"),
        rs.getString("contact_uri"),
        rs.getInt("available") != 0,
        rs.getInt("verified") != 0,
        rs.getString("status"));
  }

  static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  static void setNullable(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }
}
