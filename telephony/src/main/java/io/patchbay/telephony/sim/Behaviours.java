package io.patchbay.telephony.sim;

import io.patchbay.core.call.Side;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Phone behaviours set per account and number through the control plane; they win over the
 * {@link MagicNumbers} table.
 */
public final class Behaviours {
  private final Map<String, Map<String, PhoneBehaviour>> byAccount = new ConcurrentHashMap<>();

  /** Sets how {@code contactUri} behaves in {@code accountSid}'s calls. */
  public void set(String accountSid, String contactUri, PhoneBehaviour behaviour) {
    byAccount.computeIfAbsent(accountSid, k -> new ConcurrentHashMap<>())
        .put(contactUri, behaviour);
  }

  /** Removes a behaviour set for {@code contactUri}; true when there was one. */
  public boolean clear(String accountSid, String contactUri) {
    Map<String, PhoneBehaviour> map = byAccount.get(accountSid);
    return map != null && map.remove(contactUri) != null;
  }

  /** Removes every behaviour set for the account. */
  public void clearAll(String accountSid) {
    byAccount.remove(accountSid);
  }

  /** The behaviours set for the account. */
  public Map<String, PhoneBehaviour> list(String accountSid) {
    return Map.copyOf(byAccount.getOrDefault(accountSid, Map.of()));
  }

  /** How {@code contactUri} behaves: as set, else as the magic table says. */
  public PhoneBehaviour resolve(String accountSid, String contactUri, Side side) {
    return Optional.ofNullable(byAccount.get(accountSid))
        .map(m -> m.get(contactUri))
        .orElseGet(() -> MagicNumbers.behaviourOf(contactUri, side));
  }
}
