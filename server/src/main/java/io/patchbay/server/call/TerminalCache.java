package io.patchbay.server.call;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rendered details of terminal calls, which never change again, so a read of a finished call
 * costs no store access and no rendering. Bounded in bytes.
 *
 * <p>Entries are copied into a ring of byte segments, with an open-addressing index of
 * {@code long}s: a cached call is no Java object of its own. A map of one object per entry
 * would be promoted to the old generation under a stream of misses (each read of an uncached
 * call adds one and evicts another), filling the whole old generation with dead entries before
 * a full collection: that, not the live entries, made the resident memory of a 256 MiB heap
 * 400 MiB (bench/README.md). Here the memory of the cache is its segments and its index,
 * allocated as they are first needed and never more than the bound.
 *
 * <p>Eviction is by segment, oldest first, with a second chance (the clock algorithm): an entry
 * read since its segment was last reused is moved to the front of the segment being reused
 * instead of being dropped, so entries read again and again stay, as with least recently used.
 * A write may so move up to a whole turn of the ring (each entry once a read) when every entry
 * has been read since its last turn.
 *
 * <p><b>Note:</b> an entry larger than half a segment is not cached (a call's details are
 * about 1 KB; a segment is {@code maxBytes / 32}); nor are more than 65,535 accounts at once
 * (the cache starts empty again at the next). Every method takes one lock: a read copies about
 * 1 KB under it.
 */
final class TerminalCache {
  /**
   * The default bound of the segments, in bytes: 48 MiB, room for about 52,000 calls of 950
   * bytes (the bench's working set is 50,000), while the resident memory of the server with its
   * default heap ({@code -Xmx256m}, SerialGC) stays under 300 MiB after the GET benchmark: every
   * MiB here is a MiB of resident memory once the cache is full (measured 213 to 246 MiB at
   * 48 MiB, 320 MiB at 64 MiB, 370 to 410 MiB with the map of 100,000 entries it replaced;
   * bench/README.md).
   */
  static final long DEFAULT_MAX_BYTES = 48L << 20;

  /**
   * The owning account, the rendered {@code data} object, until when (wall-clock millis) it may
   * be served (signed recording URLs inside it must not be served stale), and its entity tag.
   *
   * @param etag a weak entity tag of {@code data}: equal tags mean byte-identical data
   */
  record Rendered(String accountSid, byte[] data, long validUntilMillis, String etag) {
    /** An entry for data just rendered: its entity tag is computed here, once. */
    Rendered(String accountSid, byte[] data, long validUntilMillis) {
      this(accountSid, data, validUntilMillis, etagOf(data, 0, data.length));
    }
  }

  /**
   * The last entry this thread read from, or put into, any terminal cache. {@link CallService}
   * hands the call routes a call's bytes alone, on the thread that read or cached them; the
   * routes learn their entity tag here, by the array's identity (see {@link #etagFor}).
   */
  private static final ThreadLocal<Rendered> LAST = new ThreadLocal<>();

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // An entry: length (int), flags, key length, account (unsigned short), valid until (long),
  // entity tag length, then the key, the entity tag and the data.
  private static final int AT_FLAGS = 4;
  private static final int AT_KEY_LENGTH = 5;
  private static final int AT_ACCOUNT = 6;
  private static final int AT_VALID_UNTIL = 8;
  private static final int AT_ETAG_LENGTH = 16;
  private static final int HEADER = 17;
  private static final byte LIVE = 1;
  private static final byte READ = 2;
  private static final int MAX_ACCOUNTS = 65_535;

  // An index slot: used (bit 63), 24 bits of the key's hash (39 to 62), the segment (23 to 38),
  // the offset in it (0 to 22). The low bits of the hash also choose the slot.
  private static final long USED = 1L << 63;
  private static final int MAX_SEGMENT_SIZE = 1 << 23;

  private final int segmentSize;
  private final byte[][] segments;
  private final int[] fill;
  private final long[] table;
  private final int mask;
  private final int maxEntries;
  private final LongSupplier clock;
  private final Map<String, Integer> accountIds = new HashMap<>();
  private final List<String> accounts = new ArrayList<>();
  private int head;
  private int count;

  /** A cache of at most {@code maxEntries} entries and {@link #DEFAULT_MAX_BYTES}. */
  TerminalCache(int maxEntries) {
    this(maxEntries, DEFAULT_MAX_BYTES, System::currentTimeMillis);
  }

  /**
   * A cache of at most {@code maxEntries} entries and {@code maxBytes} of segments, plus an
   * index of 16 to 32 bytes an entry it may hold ({@code maxBytes / 512} entries at most).
   *
   * @param clock wall-clock millis, for {@link Rendered#validUntilMillis}
   * @throws IllegalArgumentException if {@code maxEntries} is below 1 or {@code maxBytes} below
   *     1 KiB or above 64 GiB
   */
  TerminalCache(int maxEntries, long maxBytes, LongSupplier clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
    }
    if (maxBytes < 1024 || maxBytes > (64L << 30)) {
      throw new IllegalArgumentException("maxBytes must be 1 KiB to 64 GiB: " + maxBytes);
    }
    this.segmentSize = (int) Math.min(MAX_SEGMENT_SIZE, Math.max(512, maxBytes / 32));
    this.segments = new byte[(int) Math.max(1, maxBytes / segmentSize)][];
    this.fill = new int[segments.length];
    // At most 2^22 entries: the index (twice that many slots) then uses 23 bits of the hash.
    this.maxEntries = (int) Math.min(Math.min(maxEntries, 1 << 22), Math.max(1, maxBytes / 512));
    int slots = Integer.highestOneBit(Math.max(2, this.maxEntries) * 2 - 1) << 1;
    this.table = new long[slots];
    this.mask = slots - 1;
    this.clock = clock;
  }

  /** The entry of {@code callSid}, or null; an expired one is dropped. */
  synchronized Rendered get(String callSid) {
    int slot = find(callSid, hash(callSid));
    if (slot < 0) {
      return null;
    }
    byte[] segment = segments[segmentOf(table[slot])];
    int at = offsetOf(table[slot]);
    long validUntil = (long) LONG.get(segment, at + AT_VALID_UNTIL);
    if (validUntil != Long.MAX_VALUE && clock.getAsLong() > validUntil) {
      segment[at + AT_FLAGS] = 0;
      delete(slot);
      return null;
    }
    segment[at + AT_FLAGS] = LIVE | READ;
    int etagAt = at + HEADER + segment[at + AT_KEY_LENGTH];
    int etagLength = segment[at + AT_ETAG_LENGTH];
    int dataAt = etagAt + etagLength;
    Rendered r = new Rendered(
        accounts.get(Short.toUnsignedInt((short) SHORT.get(segment, at + AT_ACCOUNT))),
        Arrays.copyOfRange(segment, dataAt, at + (int) INT.get(segment, at)), validUntil,
        new String(segment, etagAt, etagLength, StandardCharsets.ISO_8859_1));
    LAST.set(r);
    return r;
  }

  /**
   * Caches {@code rendered} (a copy of it) for {@code callSid}, replacing any entry it had.
   *
   * @throws IllegalArgumentException if {@code callSid} is not 1 to 127 ASCII characters, or
   *     the entity tag not 1 to 127 of them
   */
  synchronized void put(String callSid, Rendered rendered) {
    checkAscii("callSid", callSid);
    checkAscii("etag", rendered.etag());
    LAST.set(rendered);
    int hash = hash(callSid);
    int old = find(callSid, hash);
    if (old >= 0) {
      segments[segmentOf(table[old])][offsetOf(table[old]) + AT_FLAGS] = 0;
      delete(old);
    }
    int size = HEADER + callSid.length() + rendered.etag().length() + rendered.data().length;
    if (size > segmentSize / 2) {
      return;
    }
    int account = accountId(rendered.accountSid());
    // Two turns of the ring drop every entry: the first clears the marks of those read.
    for (int turns = 0; full(size) && turns <= 2 * segments.length; turns++) {
      advance();
    }
    if (full(size)) {
      return;
    }
    if (segments[head] == null) {
      segments[head] = new byte[segmentSize];
    }
    byte[] segment = segments[head];
    int at = fill[head];
    INT.set(segment, at, size);
    segment[at + AT_FLAGS] = LIVE;
    segment[at + AT_KEY_LENGTH] = (byte) callSid.length();
    SHORT.set(segment, at + AT_ACCOUNT, (short) account);
    LONG.set(segment, at + AT_VALID_UNTIL, rendered.validUntilMillis());
    segment[at + AT_ETAG_LENGTH] = (byte) rendered.etag().length();
    int p = copyAscii(callSid, segment, at + HEADER);
    p = copyAscii(rendered.etag(), segment, p);
    System.arraycopy(rendered.data(), 0, segment, p, rendered.data().length);
    fill[head] = at + size;
    insert(slotOf(hash, head, at), hash);
  }

  /** Drops every entry of the account. */
  synchronized void removeAccount(String accountSid) {
    Integer id = accountIds.get(accountSid);
    if (id == null) {
      return;
    }
    for (int s = 0; s < segments.length; s++) {
      byte[] segment = segments[s];
      for (int at = 0; segment != null && at < fill[s]; at += (int) INT.get(segment, at)) {
        if ((segment[at + AT_FLAGS] & LIVE) != 0
            && Short.toUnsignedInt((short) SHORT.get(segment, at + AT_ACCOUNT)) == id) {
          segment[at + AT_FLAGS] = 0;
          delete(slotAt(s, at));
        }
      }
    }
  }

  /** How many entries are cached. */
  synchronized int size() {
    return count;
  }

  /**
   * The entity tag of {@code data} when it is the very array this thread last read from, or put
   * into, a terminal cache (so the data of a terminal call), else null: live calls have none.
   */
  static String etagFor(byte[] data) {
    Rendered last = LAST.get();
    return last != null && last.data() == data ? last.etag() : null;
  }

  /**
   * A weak entity tag of the bytes: 128 bits of their SHA-256, so equal tags mean equal bytes.
   * Weak because the envelope around the data differs in every response ({@code request_id}).
   */
  static String etagOf(byte[] bytes, int from, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes, from, length);
      byte[] digest = sha.digest();
      return "W/\"" + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Arrays.copyOf(digest, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Whether an entry of {@code size} bytes can be added only after {@link #advance}. */
  private boolean full(int size) {
    return count >= maxEntries || segments[head] != null && fill[head] + size > segmentSize;
  }

  /**
   * Moves the head to the next segment of the ring, emptying it: its entries read since they
   * were written move to its front (their mark cleared), the others go. When that leaves no
   * room, the caller advances again; after one turn of the ring no entry is marked any more.
   */
  private void advance() {
    head = (head + 1) % segments.length;
    byte[] segment = segments[head];
    if (segment == null) {
      return;
    }
    int kept = 0;
    for (int at = 0; at < fill[head]; ) {
      int size = (int) INT.get(segment, at);
      byte flags = segment[at + AT_FLAGS];
      if ((flags & LIVE) != 0) {
        int slot = slotAt(head, at);
        if ((flags & READ) != 0) {
          System.arraycopy(segment, at, segment, kept, size);
          segment[kept + AT_FLAGS] = LIVE;
          table[slot] = (table[slot] & ~((1L << 39) - 1)) | ((long) head << 23) | kept;
          kept += size;
        } else {
          delete(slot);
        }
      }
      at += size;
    }
    fill[head] = kept;
  }

  private int accountId(String accountSid) {
    Integer id = accountIds.get(accountSid);
    if (id != null) {
      return id;
    }
    if (accounts.size() == MAX_ACCOUNTS) {
      Arrays.fill(segments, null);
      Arrays.fill(fill, 0);
      Arrays.fill(table, 0);
      count = 0;
      head = 0;
      accounts.clear();
      accountIds.clear();
    }
    accounts.add(accountSid);
    accountIds.put(accountSid, accounts.size() - 1);
    return accounts.size() - 1;
  }

  /** The slot of the live entry at {@code at} of segment {@code s}. */
  private int slotAt(int s, int at) {
    byte[] segment = segments[s];
    int keyLength = segment[at + AT_KEY_LENGTH];
    int hash = 0;
    for (int i = 0; i < keyLength; i++) {
      hash = 31 * hash + segment[at + HEADER + i];
    }
    hash = spread(hash);
    long wanted = slotOf(hash, s, at);
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      if (table[i] == wanted) {
        return i;
      }
      if (table[i] == 0) {
        throw new IllegalStateException("terminal cache index lost an entry");
      }
    }
  }

  private int find(String key, int hash) {
    long tag = tagOf(hash);
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = table[i];
      if (slot == 0) {
        return -1;
      }
      if ((slot & TAG_MASK) == tag && keyIs(slot, key)) {
        return i;
      }
    }
  }

  private boolean keyIs(long slot, String key) {
    byte[] segment = segments[segmentOf(slot)];
    int at = offsetOf(slot);
    if (segment[at + AT_KEY_LENGTH] != key.length()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (segment[at + HEADER + i] != key.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void insert(long slot, int hash) {
    int i = hash & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot;
    count++;
  }

  /** Empties slot {@code i}, shifting back the entries after it (linear probing). */
  private void delete(int i) {
    int hole = i;
    for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
      int home = (int) (table[j] >>> 39) & mask;
      boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!stays) {
        table[hole] = table[j];
        hole = j;
      }
    }
    table[hole] = 0;
    count--;
  }

  private static final long TAG_MASK = ((1L << 24) - 1) << 39;

  private static long tagOf(int hash) {
    return ((long) (hash & 0xFFFFFF)) << 39;
  }

  private static long slotOf(int hash, int segment, int offset) {
    return USED | tagOf(hash) | ((long) segment << 23) | offset;
  }

  private static int segmentOf(long slot) {
    return (int) (slot >>> 23) & 0xFFFF;
  }

  private static int offsetOf(long slot) {
    return (int) slot & (MAX_SEGMENT_SIZE - 1);
  }

  /** The key's hash as {@link String#hashCode} makes it of ASCII, spread over the low bits. */
  private static int hash(String key) {
    return spread(key.hashCode());
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static int copyAscii(String s, byte[] to, int at) {
    for (int i = 0; i < s.length(); i++) {
      to[at + i] = (byte) s.charAt(i);
    }
    return at + s.length();
  }

  private static void checkAscii(String what, String s) {
    boolean ok = s != null && !s.isEmpty() && s.length() <= 127;
    for (int i = 0; ok && i < s.length(); i++) {
      ok = s.charAt(i) < 128;
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " must be 1 to 127 ASCII characters: "
          + (s == null ? "null" : "'" + s.substring(0, Math.min(s.length(), 40)) + "'"));
    }
  }
}
