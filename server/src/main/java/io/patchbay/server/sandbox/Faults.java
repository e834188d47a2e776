package io.patchbay.server.sandbox;

import io.patchbay.server.http.Fault;
import io.patchbay.server.http.FaultSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults armed through the control plane: each applies to the next request of an account, or
 * of one call, and is spent once taken.
 */
public final class Faults implements FaultSource {
  /** An armed fault: for one call, or (null) any request of the account. */
  record Armed(String callSid, Fault fault) {}

  private final Map<String, List<Armed>> byAccount = new ConcurrentHashMap<>();

  /** Arms {@code fault} for the next {@code count} matching requests. */
  public void arm(String accountSid, String callSid, Fault fault, int count) {
    List<Armed> list = byAccount.computeIfAbsent(accountSid, k -> new ArrayList<>());
    synchronized (list) {
      for (int i = 0; i < count; i++) {
        list.add(new Armed(callSid, fault));
      }
    }
  }

  /** Removes every armed fault of the account; returns how many there were. */
  public int clear(String accountSid) {
    List<Armed> list = byAccount.remove(accountSid);
    if (list == null) {
      return 0;
    }
    synchronized (list) {
      return list.size();
    }
  }

  /** How many faults are armed for the account. */
  public int count(String accountSid) {
    List<Armed> list = byAccount.get(accountSid);
    if (list == null) {
      return 0;
    }
    synchronized (list) {
      return list.size();
    }
  }

  @Override
  public boolean armed(String accountSid) {
    return count(accountSid) > 0;
  }

  @Override
  public Optional<Fault> take(String accountSid, Map<String, String> params) {
    List<Armed> list = byAccount.get(accountSid);
    if (list == null) {
      return Optional.empty();
    }
    String callSid = params.get("callSid");
    synchronized (list) {
      Iterator<Armed> it = list.iterator();
      while (it.hasNext()) {
        Armed armed = it.next();
        if (armed.callSid() == null || armed.callSid().equals(callSid)) {
          it.remove();
          return Optional.of(armed.fault());
        }
      }
    }
    return Optional.empty();
  }
}
