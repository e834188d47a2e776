package io.patchbay.server.call;

import io.patchbay.core.call.AgentRef;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.User;
import io.patchbay.core.flow.Group;
import io.patchbay.store.Store;
import io.patchbay.telephony.call.AgentDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The drivers' view of the directory, read from the store when a flow or transfer rings. */
final class StoreAgentDirectory implements AgentDirectory {
  private final Store store;

  StoreAgentDirectory(Store store) {
    this.store = store;
  }

  @Override
  public List<AgentRef> candidates(String accountSid, String groupId, String userId) {
    List<AgentRef> out = new ArrayList<>();
    if (groupId != null) {
      Optional<Group> group = store.group(accountSid, groupId);
      if (group.isEmpty()) {
        return out;
      }
      for (String member : group.get().members()) {
        agent(accountSid, member, group.get()).ifPresent(out::add);
      }
    } else if (userId != null) {
      agent(accountSid, userId, null).ifPresent(out::add);
    }
    return out;
  }

  /** The user with the device to ring: ON and verified; empty when there is none. */
  private Optional<AgentRef> agent(String accountSid, String userId, Group group) {
    Optional<User> user = store.user(accountSid, userId);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    return store.devices(accountSid, userId).stream()
        .filter(d -> d.available() && d.verified())
        .findFirst()
        .map(Device::contactUri)
        .map(uri -> new AgentRef(userId, user.get().name(), uri,
            group == null ? null : group.id(), group == null ? null : group.name()));
  }

  @Override
  public boolean claim(String accountSid, String userId, String callSid) {
    if (!store.claimAgent(accountSid, userId, callSid)) {
      return false;
    }
    store.devices(accountSid, userId).stream()
        .filter(d -> d.available() && d.verified())
        .findFirst()
        .ifPresent(d -> store.setDeviceStatus(accountSid, d.id(), "busy"));
    return true;
  }

  @Override
  public void release(String accountSid, String userId, String callSid) {
    store.releaseAgent(accountSid, userId, callSid);
    for (Device d : store.devices(accountSid, userId)) {
      if ("busy".equals(d.status())) {
        store.setDeviceStatus(accountSid, d.id(), "free");
      }
    }
  }
}
