package io.patchbay.server.recordings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a conversation as a RIFF/WAVE file: PCM, 8000 Hz, 16-bit signed little-endian, one
 * channel (single: agent and customer mixed) or two (dual: left the agent, right the customer).
 *
 * <p>The content stands in for speech: the two sides take turns of half a second, the agent
 * as a 440 Hz tone and the customer as a 660 Hz tone, about 15 dB below full scale, each turn
 * faded in and out over 10 ms so that it does not click. Any recording of a second or more
 * holds both sides; a dual file has each side on its own channel only.
 *
 * <p><b>Note:</b> samples are streamed through a 64 KiB buffer, so memory does not grow with
 * the duration; the size does: 16,000 bytes per second single, 32,000 dual.
 */
final class WavWriter {
  static final int SAMPLE_RATE = 8000;
  static final int BITS_PER_SAMPLE = 16;
  static final int HEADER_BYTES = 44;
  static final int AGENT_HZ = 440;
  static final int CUSTOMER_HZ = 660;
  /** Frames per turn of one side: half a second. */
  static final int TURN_FRAMES = SAMPLE_RATE / 2;
  /** Frames of the fade at each end of a turn: 10 ms. */
  static final int RAMP_FRAMES = SAMPLE_RATE / 100;
  /** The peak of a tone, about -15 dBFS. */
  static final int AMPLITUDE = 6000;

  private static final int BUFFER_BYTES = 64 * 1024;
  // Whole-hertz tones repeat exactly every second, so one second of each is the whole table.
  private static final short[] AGENT_TONE = tone(AGENT_HZ);
  private static final short[] CUSTOMER_TONE = tone(CUSTOMER_HZ);

  private WavWriter() {}

  /**
   * Writes {@code seconds} of conversation to {@code target} atomically.
   *
   * @param channels 1 (single) or 2 (dual)
   * @throws IllegalArgumentException if {@code channels} is not 1 or 2, or the data would not
   *     fit a WAV file
   * @throws IOException if the file cannot be written; {@code target} is then unchanged
   */
  static void write(Path target, long seconds, int channels) throws IOException {
    dataBytes(seconds, channels);
    AtomicFiles.write(target, ch -> stream(ch, seconds, channels));
  }

  /**
   * The size of the sample data of {@code seconds} with {@code channels}.
   *
   * @throws IllegalArgumentException if {@code channels} is not 1 or 2, {@code seconds} is
   *     negative, or the file would pass the 4 GiB limit of the format
   */
  static long dataBytes(long seconds, int channels) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2, got " + channels);
    }
    long max = (0xFFFF_FFFFL - (HEADER_BYTES - 8)) / ((long) SAMPLE_RATE * channels * 2);
    if (seconds < 0 || seconds > max) {
      throw new IllegalArgumentException("seconds must be 0 to " + max + ", got " + seconds);
    }
    return seconds * SAMPLE_RATE * channels * (BITS_PER_SAMPLE / 8);
  }

  /**
   * Streams the header and the samples to {@code out}.
   *
   * @throws IllegalArgumentException as {@link #dataBytes}
   * @throws IOException if {@code out} fails
   */
  static void stream(WritableByteChannel out, long seconds, int channels) throws IOException {
    long data = dataBytes(seconds, channels);
    int blockAlign = channels * (BITS_PER_SAMPLE / 8);
    ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    buf.putInt((int) (data + HEADER_BYTES - 8));
    buf.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    buf.put("fmt ".getBytes(StandardCharsets.US_ASCII));
    buf.putInt(16);
    buf.putShort((short) 1);
    buf.putShort((short) channels);
    buf.putInt(SAMPLE_RATE);
    buf.putInt(SAMPLE_RATE * blockAlign);
    buf.putShort((short) blockAlign);
    buf.putShort((short) BITS_PER_SAMPLE);
    buf.put("data".getBytes(StandardCharsets.US_ASCII));
    buf.putInt((int) data);

    long frames = seconds * SAMPLE_RATE;
    for (long frame = 0; frame < frames; frame++) {
      if (buf.remaining() < blockAlign) {
        drain(out, buf);
      }
      short agent = sample(frame, true);
      short customer = sample(frame, false);
      if (channels == 2) {
        buf.putShort(agent);
        buf.putShort(customer);
      } else {
        // The sides never speak at once, so the sum cannot clip.
        buf.putShort((short) (agent + customer));
      }
    }
    drain(out, buf);
  }

  /** The sample of one side at {@code frame}: its tone in its turns, silence in the other's. */
  static short sample(long frame, boolean agent) {
    boolean agentTurn = (frame / TURN_FRAMES) % 2 == 0;
    if (agentTurn != agent) {
      return 0;
    }
    int pos = (int) (frame % TURN_FRAMES);
    int fade = Math.min(RAMP_FRAMES, Math.min(pos, TURN_FRAMES - 1 - pos));
    short[] tone = agent ? AGENT_TONE : CUSTOMER_TONE;
    return (short) (tone[(int) (frame % SAMPLE_RATE)] * fade / RAMP_FRAMES);
  }

  private static void drain(WritableByteChannel out, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    buf.clear();
  }

  private static short[] tone(int hertz) {
    short[] table = new short[SAMPLE_RATE];
    for (int i = 0; i < SAMPLE_RATE; i++) {
      table[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * hertz * i / SAMPLE_RATE));
    }
    return table;
  }
}
