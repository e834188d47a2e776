package io.patchbay.core.account;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A tenant: its calls, directory and credentials belong to it alone.
 *
 * @param sid the account sid, as it appears in {@code /v2/accounts/{sid}}
 * @param name a label for people
 * @param region the cluster the account lives in
 * @param zone the time zone in which call times are written
 * @param autoVerifyDevices whether new devices are verified at once (a sandbox option; the real
 *     service verifies a number with a call)
 * @param createdAt when the account was created
 */
public record Account(
    String sid,
    String name,
    Region region,
    ZoneId zone,
    boolean autoVerifyDevices,
    Instant createdAt) {

  /** The time zone of accounts that do not choose one. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kolkata");

  public Account {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!Sids.isAccountSid(sid)) {
      throw new IllegalArgumentException("malformed account sid: '" + sid + "'");
    }
  }
}
