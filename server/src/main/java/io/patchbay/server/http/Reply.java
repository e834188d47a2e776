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
 * @param etag an entity tag of {@code data} (with its quotes), or null: a 200 to GET carries
 *     it, and the server answers a matching {@code If-None-Match} with 304
 */
public record Reply(int status, byte[] data, List<byte[]> items, int total, int offset,
    int limit, String etag) {

  /** A 200 with {@code data}. */
  public static Reply ok(byte[] data) {
    return new Reply(200, data, null, 0, 0, 0, null);
  }

  /** A success with another status, such as 201. */
  public static Reply of(int status, byte[] data) {
    return new Reply(status, data, null, 0, 0, 0, null);
  }

  /** A page of a list. */
  public static Reply page(List<byte[]> items, int total, int offset, int limit) {
    return new Reply(200, null, List.copyOf(items), total, offset, limit, null);
  }

  /**
   * A 200 with {@code data} and its entity tag.
   *
   * @param etag a quoted entity tag, weak ({@code W/"..."}) or strong ({@code "..."}), or null
   */
  public static Reply ok(byte[] data, String etag) {
    return new Reply(200, data, null, 0, 0, 0, etag);
  }
}
