package io.patchbay.core.call;

/** The outcome of a call, {@code call_status} on the wire; known only once it is terminal. */
public enum CallStatus {
  COMPLETED("completed"),
  AGENT_UNANSWERED("agent_unanswered"),
  CUSTOMER_UNANSWERED("customer_unanswered"),
  AGENT_CANCELED("agent_canceled"),
  CUSTOMER_NO_DIAL("customer_no_dial"),
  AGENT_NO_DIAL("agent_no_dial");

  private final String wire;

  CallStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
