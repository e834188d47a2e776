package io.patchbay.store;

import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import java.util.List;
import java.util.Optional;

/** An account's flows, agent groups, and which flow each ExoPhone runs. */
public interface FlowStore {
  /** Stores a new flow, or replaces the flow with the same id. */
  void putFlow(Flow flow);

  Optional<Flow> flow(String accountSid, String flowId);

  /** The account's flows, oldest first. */
  List<Flow> flows(String accountSid);

  /** Deletes a flow and unlinks the ExoPhones that ran it; false when there was none. */
  boolean deleteFlow(String accountSid, String flowId);

  /** Stores a new group, or replaces the group with the same id. */
  void putGroup(Group group);

  Optional<Group> group(String accountSid, String groupId);

  /** The account's groups, oldest first. */
  List<Group> groups(String accountSid);

  /** Deletes a group; false when there was none. */
  boolean deleteGroup(String accountSid, String groupId);

  /**
   * Points an ExoPhone of the account at a flow (null: no flow).
   *
   * @return false when the account has no such ExoPhone
   */
  boolean linkExoPhone(String accountSid, String number, String flowId);

  /** The flow id an ExoPhone runs, empty when it has none or does not exist. */
  Optional<String> exoPhoneFlow(String accountSid, String number);
}
