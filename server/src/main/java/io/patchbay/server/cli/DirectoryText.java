package io.patchbay.server.cli;

import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import io.patchbay.server.flows.Directory;
import java.util.StringJoiner;

/** How the directory commands show things to people (scripts use {@code --json}). */
final class DirectoryText {
  private DirectoryText() {}

  /** A flow, one applet a line, numbered as goto targets count. */
  static String flow(Flow flow) {
    StringBuilder b = new StringBuilder();
    b.append("id          ").append(flow.id()).append('\n');
    b.append("name        ").append(flow.name()).append('\n');
    b.append("recording   ").append(flow.recording() ? "on (" + flow.recordingChannels() + ")"
        : "off").append('\n');
    for (int i = 0; i < flow.applets().size(); i++) {
      b.append(i == 0 ? "applets     " : "            ").append(i).append("  ")
          .append(applet(flow.applets().get(i)));
      if (i < flow.applets().size() - 1) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** One line of {@code flow list}: id, applet count, name. */
  static String flowLine(Flow flow) {
    return String.format("%-32s  %2d applet(s)  %s", flow.id(), flow.applets().size(),
        flow.name());
  }

  static String applet(Applet applet) {
    return applet.type() + switch (applet) {
      case Applet.Greeting g -> " seconds=" + g.seconds();
      case Applet.Gather g -> " max_digits=" + g.maxDigits();
      case Applet.Connect c -> (c.groupId() != null ? " group_id=" + c.groupId()
          : " user_id=" + c.userId()) + " ring_seconds=" + c.ringSeconds();
      case Applet.Goto g -> " target=" + g.target();
      case Applet.Hangup h -> "";
    };
  }

  /** A group with its members in ringing order. */
  static String group(Group group) {
    StringJoiner members = new StringJoiner("\n            ");
    group.members().forEach(members::add);
    return "id          " + group.id() + "\n"
        + "name        " + group.name() + "\n"
        + "members     " + members;
  }

  /** One line of {@code group list}: id, member count, name. */
  static String groupLine(Group group) {
    return String.format("%-32s  %2d member(s)  %s", group.id(), group.members().size(),
        group.name());
  }

  /** An ExoPhone and its flow ({@code -} for none). */
  static String exoPhone(Directory.ExoPhone e) {
    return String.format("%-16s  %s", e.number(), e.flowId() == null ? "-" : e.flowId());
  }

  static String contact(Directory.Contact c) {
    return String.format("%-16s  %s", c.number(), c.name());
  }

  static String doNotCall(Directory.DoNotCall d) {
    return String.format("%-16s  %s", d.number(), d.listed() ? "on the do-not-call list"
        : "not on the do-not-call list");
  }
}
