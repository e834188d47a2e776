package io.patchbay.server.http;

import io.patchbay.core.account.Sids;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A success envelope as the bytes before the request id, between it and the data, and after,
 * split once per method and status out of what {@link Envelope#success} writes, so that a read
 * served from memory costs copies instead of a JSON generator.
 *
 * @param head the bytes before the request id
 * @param middle the bytes between the request id and the data
 * @param tail the bytes after the data
 */
record EnvelopeParts(byte[] head, byte[] middle, byte[] tail) {
  /** What {@link #of} answers when the split does not reproduce {@code Envelope}'s bytes. */
  static final EnvelopeParts NONE = new EnvelopeParts(null, null, null);
  private static final String RID_MARK = "@@rid@@";
  private static final byte[] DATA_MARK = "\"@@data@@\"".getBytes(StandardCharsets.UTF_8);

  /**
   * The parts of the envelope of {@code method} and {@code status}, checked against
   * {@link Envelope#success}; {@link #NONE} if they ever differ (every envelope is then written
   * by {@code Envelope} again).
   */
  static EnvelopeParts of(String method, int status) {
    byte[] marked = Envelope.success(RID_MARK, method, status, DATA_MARK);
    int r = indexOf(marked, RID_MARK.getBytes(StandardCharsets.UTF_8));
    int d = indexOf(marked, DATA_MARK);
    if (r < 0 || d < r) {
      return NONE;
    }
    EnvelopeParts parts = new EnvelopeParts(Arrays.copyOfRange(marked, 0, r),
        Arrays.copyOfRange(marked, r + RID_MARK.length(), d),
        Arrays.copyOfRange(marked, d + DATA_MARK.length, marked.length));
    String rid = Sids.newRequestId();
    byte[] data = "{\"k\":[1,\"\u00e9\"]}".getBytes(StandardCharsets.UTF_8);
    return Arrays.equals(parts.join(rid, data).getBytes(),
        Envelope.success(rid, method, status, data)) ? parts : NONE;
  }

  /**
   * The envelope around {@code data} with {@code rid}, written straight into the buffer the
   * response sends (no intermediate array).
   *
   * @param rid a request id of ASCII characters
   */
  Buffer join(String rid, byte[] data) {
    int length = head.length + rid.length() + middle.length + data.length + tail.length;
    byte[] id = new byte[rid.length()];
    for (int i = 0; i < id.length; i++) {
      id[i] = (byte) rid.charAt(i);
    }
    return Buffer.buffer(length).appendBytes(head).appendBytes(id).appendBytes(middle)
        .appendBytes(data).appendBytes(tail);
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
