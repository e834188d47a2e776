package io.patchbay.core.call;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * How times are written on the wire: {@code 2021-07-28T03:07:12+05:30}, whole seconds, with the
 * offset of the account's time zone.
 *
 * <p><b>Note:</b> a zero offset is written {@code +00:00}, never {@code Z}, so every time has
 * the published shape whatever the account's zone.
 */
public final class WireTime {
  /** The format of every time in call details, callbacks and the Users API. */
  public static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .appendOffset("+HH:MM", "+00:00")
      .toFormatter();

  private WireTime() {}
}
