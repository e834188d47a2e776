package io.patchbay.server.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.telephony.call.CallDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * A call this process drives: its log in memory, so reads need no store round trip. Appends come
 * from the account's timeline; reads from any thread take a snapshot.
 */
final class LiveCall {
  final Call call;
  final String agentUserId;
  private final List<CallEvent> events = new ArrayList<>();
  volatile CallDriver driver;

  LiveCall(Call call, String agentUserId, List<CallEvent> events) {
    this.call = call;
    this.agentUserId = agentUserId;
    this.events.addAll(events);
  }

  synchronized int nextSeq() {
    return events.size();
  }

  synchronized void add(CallEvent event) {
    events.add(event);
  }

  synchronized List<CallEvent> snapshot() {
    return List.copyOf(events);
  }
}
