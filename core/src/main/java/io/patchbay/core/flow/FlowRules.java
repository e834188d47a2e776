package io.patchbay.core.flow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The validation rules of flows and groups. Each failure names the problem. */
public final class FlowRules {
  /** The most applets a flow may have. */
  public static final int MAX_APPLETS = 50;

  private FlowRules() {}

  /**
   * Checks a flow.
   *
   * @param groups whether a group id exists in the account, and has members
   * @param users whether a user id exists in the account
   * @return null when valid, else what is wrong
   */
  public static String check(String name, List<Applet> applets,
      Predicate<String> groups, Predicate<String> users) {
    if (name == null || name.isBlank() || name.length() > 64) {
      return "name must be 1 to 64 characters";
    }
    if (applets == null || applets.isEmpty()) {
      return "applets must not be empty";
    }
    if (applets.size() > MAX_APPLETS) {
      return "a flow has at most " + MAX_APPLETS + " applets";
    }
    for (int i = 0; i < applets.size(); i++) {
      String where = "applets[" + i + "]";
      String problem = switch (applets.get(i)) {
        case Applet.Greeting g -> g.seconds() < 0 || g.seconds() > 600
            ? where + ".seconds must be from 0 to 600" : null;
        case Applet.Gather g -> g.maxDigits() < 1 || g.maxDigits() > 20
            ? where + ".max_digits must be from 1 to 20" : null;
        case Applet.Connect c -> connect(where, c, groups, users);
        case Applet.Goto g -> g.target() < 0 || g.target() >= applets.size()
            ? where + ".target must name an applet of this flow" : null;
        case Applet.Hangup h -> null;
      };
      if (problem != null) {
        return problem;
      }
    }
    return loops(applets);
  }

  private static String connect(String where, Applet.Connect c, Predicate<String> groups,
      Predicate<String> users) {
    if ((c.groupId() == null) == (c.userId() == null)) {
      return where + " must name exactly one of group_id or user_id";
    }
    if (c.ringSeconds() < 1 || c.ringSeconds() > 300) {
      return where + ".ring_seconds must be from 1 to 300";
    }
    if (c.groupId() != null && !groups.test(c.groupId())) {
      return where + ".group_id names no group with members in this account";
    }
    if (c.userId() != null && !users.test(c.userId())) {
      return where + ".user_id names no user in this account";
    }
    return null;
  }

  /** Applets have no conditions, so any cycle of gotos runs forever. */
  private static String loops(List<Applet> applets) {
    Set<Integer> seen = new HashSet<>();
    int i = 0;
    while (i < applets.size()) {
      if (!seen.add(i)) {
        return "the flow loops forever (applet " + i + " is reached again)";
      }
      Applet a = applets.get(i);
      if (a instanceof Applet.Hangup) {
        return null;
      }
      i = a instanceof Applet.Goto g ? g.target() : i + 1;
    }
    return null;
  }

  /**
   * Checks a group.
   *
   * @param users whether a user id exists in the account
   * @return null when valid, else what is wrong
   */
  public static String checkGroup(String name, List<String> members, Predicate<String> users) {
    if (name == null || name.isBlank() || name.length() > 64) {
      return "name must be 1 to 64 characters";
    }
    if (members == null || members.isEmpty()) {
      return "members must not be empty";
    }
    if (members.size() > 100) {
      return "a group has at most 100 members";
    }
    if (new HashSet<>(members).size() != members.size()) {
      return "members must not repeat a user";
    }
    for (int i = 0; i < members.size(); i++) {
      if (!users.test(members.get(i))) {
        return "members[" + i + "] names no user in this account";
      }
    }
    return null;
  }
}
