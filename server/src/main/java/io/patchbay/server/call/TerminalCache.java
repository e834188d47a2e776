package io.patchbay.server.call;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered details of terminal calls, which never change again, so a read of a finished call
 * costs no store access and no rendering. Bounded, least recently used out first.
 */
final class TerminalCache {
  /** The owning account and the rendered {@code data} object. */
  record Rendered(String accountSid, byte[] data) {}

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
    return map.get(callSid);
  }

  synchronized void put(String callSid, Rendered rendered) {
    map.put(callSid, rendered);
  }

  synchronized void removeAccount(String accountSid) {
    map.values().removeIf(r -> r.accountSid().equals(accountSid));
  }
}
