package io.patchbay.telephony;

import io.patchbay.core.call.Side;
import java.util.Objects;

/**
 * One leg to dial.
 *
 * @param accountSid the account whose timeline runs the leg
 * @param callSid the call the leg belongs to
 * @param leg the leg's number in the call, from 1
 * @param side whether it reaches an agent or the customer
 * @param contactUri the number (E.164) or SIP URI to dial
 */
public record DialRequest(String accountSid, String callSid, int leg, Side side,
    String contactUri) {
  public DialRequest {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(contactUri, "contactUri");
  }
}
