package io.patchbay.server.recordings;

import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Request;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The recordings of conversations: real WAV files in the data folder, downloaded through signed
 * URLs that expire.
 *
 * <p>Files live at {@code <data>/recordings/<accountSid>/<callSid>/<n>.wav} and are served at
 * {@code GET /recordings/<accountSid>/<callSid>/<n>.wav?expires=<epoch s>&signature=<hex>},
 * without Basic auth: the signature (HMAC-SHA256 over the path and the expiry, keyed by
 * {@code <data>/recording-key}) is the credential. A missing, malformed, forged or expired
 * signature is answered 403/9403 in the envelope; a well-signed URL whose file is gone 404/9404.
 *
 * <p><b>Note:</b> a recording lasts 0 to {@link #MAX_DURATION_SECONDS} (4 h, the longest call
 * {@code max_time_limit} allows) and is 16,000 bytes per second single, 32,000 dual (up to
 * about 461 MB). A download is answered from one in-memory array (the server's raw replies are
 * byte arrays), so very long recordings cost that much heap while they are sent. The URL
 * lifetime is measured on the wall clock, not on an account's simulated clock, and is cut to
 * whole seconds: a URL expires between {@code lifetime - 1 s} and {@code lifetime} after it
 * was signed.
 */
public final class Recordings {
  /** The longest recording written: 4 hours. */
  public static final long MAX_DURATION_SECONDS = 4 * 3600;
  /** The highest recording index of a call ({@code <n>} in {@code <n>.wav}). */
  public static final int MAX_INDEX = 999;
  /** The longest URL lifetime accepted. */
  public static final Duration MAX_URL_LIFETIME = Duration.ofDays(365);
  /** The Content-Type of a download. */
  public static final String CONTENT_TYPE = "audio/wav";
  /** The route of downloads, for {@link ApiServer#openRoute}. */
  public static final String ROUTE = "/recordings/:account/:call/:file";

  private static final String PREFIX = "/recordings/";
  private static final Pattern SID = Pattern.compile("[0-9a-z_-]{1,64}");
  private static final Pattern FILE = Pattern.compile("[0-9]{1,3}\\.wav");
  private static final Pattern PATH =
      Pattern.compile("/recordings/([0-9a-z_-]{1,64})/([0-9a-z_-]{1,64})/([0-9]{1,3}\\.wav)");
  private static final Pattern EXPIRES = Pattern.compile("0|[1-9][0-9]{0,17}");

  private final Path root;
  private final Clock wallClock;
  private final long lifetimeSeconds;
  private final UrlSigner signer;

  private Recordings(Path root, Clock wallClock, long lifetimeSeconds, UrlSigner signer) {
    this.root = root;
    this.wallClock = wallClock;
    this.lifetimeSeconds = lifetimeSeconds;
    this.signer = signer;
  }

  /**
   * Opens the recordings of {@code dataDir}, making the signing key {@code <data>/recording-key}
   * (owner-only) on first use and reusing it after restarts, so URLs outlive a restart.
   *
   * @param wallClock the clock URLs are signed and checked against
   * @param urlLifetime how long a signed URL is valid; whole seconds count
   * @throws IllegalArgumentException if {@code urlLifetime} is under 1 s or over
   *     {@link #MAX_URL_LIFETIME}
   * @throws IllegalStateException if the key file holds anything but a key
   * @throws UncheckedIOException if the key file cannot be read or written
   * @throws NullPointerException if an argument is null
   */
  public static Recordings create(Path dataDir, Clock wallClock, Duration urlLifetime) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(urlLifetime, "urlLifetime");
    if (urlLifetime.toSeconds() < 1 || urlLifetime.compareTo(MAX_URL_LIFETIME) > 0) {
      throw new IllegalArgumentException("urlLifetime must be 1 s to " + MAX_URL_LIFETIME
          + ", got " + urlLifetime);
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir + ": " + e.getMessage(), e);
    }
    UrlSigner signer = UrlSigner.loadOrCreate(dataDir.resolve("recording-key"));
    return new Recordings(dataDir.resolve("recordings"), wallClock, urlLifetime.toSeconds(),
        signer);
  }

  /** How long a signed URL is valid. */
  public Duration urlLifetime() {
    return Duration.ofSeconds(lifetimeSeconds);
  }

  /**
   * Writes recording {@code index} of a call: {@code durationSeconds} of PCM audio, 8000 Hz,
   * 16-bit, one channel with both sides mixed ({@code dual} false) or two channels, left the
   * agent and right the customer ({@code dual} true). The file is written to a temporary file,
   * flushed and renamed, so a crash never leaves a partial file under the final name; writing
   * an index again replaces the file.
   *
   * @return the file written
   * @throws IllegalArgumentException if a sid is not 1 to 64 characters of {@code [0-9a-z_-]},
   *     {@code index} is not 0 to {@link #MAX_INDEX}, or {@code durationSeconds} is not 0 to
   *     {@link #MAX_DURATION_SECONDS}; the message names the value
   * @throws UncheckedIOException if the file cannot be written; no file is left under the
   *     final name then (an earlier one of the same index stays)
   */
  public Path write(String accountSid, String callSid, int index, long durationSeconds,
      boolean dual) {
    Path file = file(accountSid, callSid, index);
    if (durationSeconds < 0 || durationSeconds > MAX_DURATION_SECONDS) {
      throw new IllegalArgumentException("durationSeconds must be 0 to " + MAX_DURATION_SECONDS
          + ", got " + durationSeconds);
    }
    try {
      WavWriter.write(file, durationSeconds, dual ? 2 : 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /**
   * The file of recording {@code index} of a call, written or not.
   *
   * @throws IllegalArgumentException as {@link #write} for the sids and the index
   */
  public Path file(String accountSid, String callSid, int index) {
    return root.resolve(checkSid("accountSid", accountSid))
        .resolve(checkSid("callSid", callSid)).resolve(fileName(index));
  }

  /**
   * The URL path of recording {@code index} of a call, without host or signature:
   * {@code /recordings/<accountSid>/<callSid>/<index>.wav}. Store this, and {@link #sign} it
   * each time a URL is handed out.
   *
   * @throws IllegalArgumentException as {@link #write} for the sids and the index
   */
  public String path(String accountSid, String callSid, int index) {
    return PREFIX + checkSid("accountSid", accountSid) + "/" + checkSid("callSid", callSid)
        + "/" + fileName(index);
  }

  /**
   * The absolute download URL of {@code path}, valid for the configured lifetime from now:
   * {@code baseUrl + path + "?expires=<epoch seconds>&signature=<64 hex digits>"}.
   *
   * @param path a path from {@link #path}
   * @param baseUrl scheme, host and port, such as {@code http://127.0.0.1:8080}; a trailing
   *     slash is dropped
   * @throws IllegalArgumentException if {@code path} is not a recording path, or
   *     {@code baseUrl} does not start with {@code http://} or {@code https://} or holds a
   *     query or fragment
   * @throws NullPointerException if an argument is null
   */
  public String sign(String path, String baseUrl) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("not a recording path: " + path);
    }
    if (!(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))
        || baseUrl.indexOf('?') >= 0 || baseUrl.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "baseUrl must be http(s)://host[:port] without query or fragment, got " + baseUrl);
    }
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    long expires = wallClock.instant().getEpochSecond() + lifetimeSeconds;
    return base + path + "?expires=" + expires + "&signature=" + signer.sign(path, expires);
  }

  /**
   * Adds {@code GET /recordings/:account/:call/:file} to {@code server}: no Basic auth, the
   * signed URL is the credential; answers the WAV bytes as {@code audio/wav}.
   */
  public static void register(ApiServer server, Recordings recordings) {
    server.openRoute(HttpMethod.GET, ROUTE, request -> recordings.download(
        request.param("account"), request.param("call"), request.param("file"),
        single(request, "expires"), single(request, "signature")));
  }

  /**
   * Checks a download and reads its file.
   *
   * @throws ApiException 403/9403 if a path part is malformed, {@code expires} or
   *     {@code signature} is missing or malformed, the signature does not match or the URL has
   *     expired; 404/9404 if the URL is good but the file is gone
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  ApiServer.RawReply download(String account, String call, String file, String expires,
      String signature) {
    if (account == null || call == null || file == null || !SID.matcher(account).matches()
        || !SID.matcher(call).matches() || !FILE.matcher(file).matches()) {
      throw forbidden("This is not a recording URL");
    }
    if (expires == null || signature == null) {
      throw forbidden("A recording URL needs its 'expires' and 'signature' parameters");
    }
    if (!EXPIRES.matcher(expires).matches()) {
      throw forbidden("'expires' must be the epoch seconds the URL was signed with");
    }
    String path = PREFIX + account + "/" + call + "/" + file;
    long until = Long.parseLong(expires);
    if (!signer.verify(path, until, signature)) {
      throw forbidden("The signature does not match this recording URL");
    }
    if (wallClock.instant().getEpochSecond() >= until) {
      throw forbidden("This recording URL expired at " + Instant.ofEpochSecond(until)
          + "; fetch the call again for a fresh one");
    }
    Path target = root.resolve(account).resolve(call).resolve(file);
    try {
      return new ApiServer.RawReply(CONTENT_TYPE, Files.readAllBytes(target));
    } catch (NoSuchFileException e) {
      throw new ApiException(ErrorCode.NOT_FOUND, "The recording " + path + " is gone");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + target + ": " + e.getMessage(), e);
    }
  }

  /** The one value of a query parameter, null when absent; repeated is forged. */
  private static String single(Request request, String name) {
    List<String> values = request.query().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw forbidden("'" + name + "' must appear once");
    }
    return values.get(0);
  }

  private static ApiException forbidden(String description) {
    return new ApiException(ErrorCode.RECORDING_FORBIDDEN, description);
  }

  private static String checkSid(String name, String sid) {
    if (sid == null || !SID.matcher(sid).matches()) {
      throw new IllegalArgumentException(name + " must be 1 to 64 characters of [0-9a-z_-], got "
          + (sid == null ? "null" : "'" + sid + "'"));
    }
    return sid;
  }

  private static String fileName(int index) {
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException("index must be 0 to " + MAX_INDEX + ", got " + index);
    }
    return index + ".wav";
  }
}
