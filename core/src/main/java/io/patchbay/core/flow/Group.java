package io.patchbay.core.flow;

import java.util.List;
import java.util.Objects;

/**
 * An ordered group of agents that a flow's connect applet rings one after another.
 *
 * @param id the group id ({@code group_id} in the call details)
 * @param accountSid the owning account
 * @param name the group name ({@code group_name})
 * @param members user ids, in ringing order
 */
public record Group(String id, String accountSid, String name, List<String> members) {
  public Group {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
  }
}
