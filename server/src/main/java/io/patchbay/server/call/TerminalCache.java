package io.patchbay.server.call;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered details of terminal calls, which never change again, so a read of a finished call
 * costs no store access and no rendering. Bounded, least recently used out first.
 */
final class TerminalCache {
  /**
   * The owning account, the rendered {@code data} object, and until when (wall-clock millis)
   * it may be served: signed recording URLs inside it must not be served stale.
   */
  record Rendered(String accountSid, byte[] data, long validUntilMillis) {}

  private final Map<String, Rendered> map;

  TerminalCache(int capacity) {
    this.map = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Rendered> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Rendered get(String callSid) {
    Rendered r = map.get(callSid);
    if (r != null && r.validUntilMillis() != Long.MAX_VALUE
        && System.currentTimeMillis() > r.validUntilMillis()) {
      map.remove(callSid);
      return null;
    }
    return r;
  }

  synchronized void put(String callSid, Rendered rendered) {
    map.put(callSid, rendered);
  }

  synchronized void removeAccount(String accountSid) {
    map.values().removeIf(r -> r.accountSid().equals(accountSid));
  }
}
