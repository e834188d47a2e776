package io.patchbay.core.directory;

import java.util.Objects;

/**
 * A phone or SIP endpoint of a user, the leg an outbound call rings first.
 *
 * @param id the device id, unique in the store
 * @param accountSid the owning account
 * @param userId the owning user
 * @param name a label
 * @param contactUri E.164 number or SIP URI
 * @param available whether the device is ON
 * @param verified whether the number was verified
 * @param status {@code "free"}, {@code "busy"}, or null before the device's first call
 */
public record Device(
    long id,
    String accountSid,
    String userId,
    String name,
    String contactUri,
    boolean available,
    boolean verified,
    String status) {

  public Device {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(contactUri, "contactUri");
  }

  /** {@code "sip"} for a SIP URI, {@code "tel"} for a phone number. */
  public String type() {
    return contactUri.startsWith("sip:") ? "sip" : "tel";
  }
}
