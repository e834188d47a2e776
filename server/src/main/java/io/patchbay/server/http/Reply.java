package io.patchbay.server.http;

import java.util.List;

/**
 * What a handler answers: one data value, or a page of a list.
 *
 * @param status the HTTP status of a success
 * @param data one JSON value as bytes, or null for a list
 * @param items the list's items as JSON bytes, or null
 * @param total how many items match in all (lists only)
 * @param offset the page's offset (lists only)
 * @param limit the page's limit (lists only)
 */
public record Reply(int status, byte[] data, List<byte[]> items, int total, int offset,
    int limit) {

  /** A 200 with {@code data}. */
  public static Reply ok(byte[] data) {
    return new Reply(200, data, null, 0, 0, 0);
  }

  /** A success with another status, such as 201. */
  public static Reply of(int status, byte[] data) {
    return new Reply(status, data, null, 0, 0, 0);
  }

  /** A page of a list. */
  public static Reply page(List<byte[]> items, int total, int offset, int limit) {
    return new Reply(200, null, List.copyOf(items), total, offset, limit);
  }
}
