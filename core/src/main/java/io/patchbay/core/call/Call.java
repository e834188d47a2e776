package io.patchbay.core.call;

import java.time.Instant;
import java.util.Objects;

/**
 * What is fixed about a call when it is created. Everything that happens afterwards is in its
 * event log; {@link CallDetailsRules} derives the call details from both.
 *
 * @param sid 32 characters of {@code [0-9a-z]}
 * @param accountSid the owning account
 * @param direction inbound or outbound
 * @param virtualNumber the ExoPhone, E.164
 * @param createdAt when the call was requested
 * @param agent the agent asked for (outbound), or null (inbound: agents come from the log)
 * @param customerUri the customer's number, E.164
 * @param customerName the customer's name from the address book, or null
 * @param options the Make Call options
 * @param appId the flow the call started in, or null
 * @param appName that flow's name, or null
 */
public record Call(
    String sid,
    String accountSid,
    Direction direction,
    String virtualNumber,
    Instant createdAt,
    AgentRef agent,
    String customerUri,
    String customerName,
    CallOptions options,
    String appId,
    String appName) {

  public Call {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(virtualNumber, "virtualNumber");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(customerUri, "customerUri");
    Objects.requireNonNull(options, "options");
    if (direction == Direction.OUTBOUND && agent == null) {
      throw new IllegalArgumentException("an outbound call needs an agent: " + sid);
    }
  }
}
