package io.patchbay.server.users;

import com.fasterxml.jackson.core.JsonGenerator;
import io.patchbay.core.call.WireTime;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.User;
import io.patchbay.server.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes users and devices with the key names, order and types of contract §6. */
final class UserJson {
  private static final DateTimeFormatter TIME = WireTime.FORMAT;

  private UserJson() {}

  /**
   * The {@code data} object of a user.
   *
   * @param zone the account's time zone, for {@code created_time} and {@code last_login}
   * @param devices the user's devices; read only when {@code fields.devices()}
   */
  static byte[] user(User u, ZoneId zone, Fields fields, List<Device> devices) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("id", u.userId());
      g.writeStringField("first_name", u.firstName());
      g.writeStringField("last_name", u.lastName());
      g.writeStringField("email", u.email());
      g.writeStringField("role", u.role().wire());
      g.writeStringField("created_time", time(u.createdAt(), zone));
      if (fields.devices()) {
        g.writeArrayFieldStart("devices");
        for (Device d : devices) {
          writeDevice(g, d, u);
        }
        g.writeEndArray();
      }
      if (fields.activeCall()) {
        if (u.activeCallSid() == null) {
          g.writeNullField("active_call");
        } else {
          g.writeObjectFieldStart("active_call");
          g.writeStringField("call_sid", u.activeCallSid());
          g.writeEndObject();
        }
      }
      if (fields.lastLogin()) {
        g.writeStringField("last_login", time(u.lastLogin(), zone));
      }
      g.writeEndObject();
    });
  }

  /** The {@code data} object of one device of {@code owner}. */
  static byte[] device(Device d, User owner) {
    return Json.bytes(g -> writeDevice(g, d, owner));
  }

  private static void writeDevice(JsonGenerator g, Device d, User owner) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", d.id());
    g.writeStringField("name", d.name());
    g.writeStringField("contact_uri", d.contactUri());
    g.writeStringField("type", d.type());
    g.writeBooleanField("available", d.available());
    g.writeBooleanField("verified", d.verified());
    g.writeStringField("status", status(d, owner));
    g.writeEndObject();
  }

  /**
   * The device's status as shown: {@code busy} only while its user is on a live call. A stored
   * {@code busy} whose call is over (say the number changed during the call, so the call's end
   * could not find the device) reads {@code free}.
   */
  static String status(Device d, User owner) {
    if ("busy".equals(d.status()) && owner.activeCallSid() == null) {
      return "free";
    }
    return d.status();
  }

  private static String time(Instant at, ZoneId zone) {
    return at == null ? null : TIME.format(at.atZone(zone));
  }
}
