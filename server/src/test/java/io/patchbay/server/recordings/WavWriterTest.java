package io.patchbay.server.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming writer on its own, up to the longest recording. */
class WavWriterTest {
  /** Counts what it is given and keeps only the first 44 bytes. */
  private static final class CountingChannel implements WritableByteChannel {
    final ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    long count;
    int largestWrite;

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      largestWrite = Math.max(largestWrite, n);
      while (src.hasRemaining() && header.hasRemaining()) {
        header.put(src.get());
      }
      src.position(src.limit());
      count += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void stream_fourHoursDual_writesEveryByteInSmallChunksWithMatchingHeader() throws Exception {
    CountingChannel out = new CountingChannel();

    WavWriter.stream(out, Recordings.MAX_DURATION_SECONDS, 2);

    long data = 4L * 3600 * 8000 * 2 * 2;
    assertThat(out.count).isEqualTo(44 + data);
    assertThat(out.largestWrite).isLessThanOrEqualTo(64 * 1024);
    ByteBuffer h = out.header.flip();
    assertThat(ascii(h, 0)).isEqualTo("RIFF");
    assertThat(Integer.toUnsignedLong(h.getInt(4))).isEqualTo(36 + data);
    assertThat(ascii(h, 8)).isEqualTo("WAVE");
    assertThat(ascii(h, 12)).isEqualTo("fmt ");
    assertThat(h.getInt(16)).isEqualTo(16);
    assertThat(h.getShort(20)).isEqualTo((short) 1);
    assertThat(h.getShort(22)).isEqualTo((short) 2);
    assertThat(h.getInt(24)).isEqualTo(8000);
    assertThat(h.getInt(28)).isEqualTo(32_000);
    assertThat(h.getShort(32)).isEqualTo((short) 4);
    assertThat(h.getShort(34)).isEqualTo((short) 16);
    assertThat(ascii(h, 36)).isEqualTo("data");
    assertThat(Integer.toUnsignedLong(h.getInt(40))).isEqualTo(data);
  }

  @Test
  void dataBytes_threeChannels_throwsNamingTheValue() {
    assertThatThrownBy(() -> WavWriter.dataBytes(1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
  }

  @Test
  void sample_turnEdges_fadeFromAndToSilenceSoTurnsDoNotClick() {
    int turn = WavWriter.TURN_FRAMES;
    for (long frame = 0; frame < 4L * turn; frame++) {
      int pos = (int) (frame % turn);
      int edge = Math.min(pos, turn - 1 - pos);
      long ceiling = (long) WavWriter.AMPLITUDE * Math.min(edge, WavWriter.RAMP_FRAMES)
          / WavWriter.RAMP_FRAMES;
      for (boolean agent : new boolean[] {true, false}) {
        assertThat((long) Math.abs(WavWriter.sample(frame, agent)))
            .as("frame %d, agent %s", frame, agent).isLessThanOrEqualTo(ceiling);
      }
    }
  }

  private static String ascii(ByteBuffer b, int at) {
    byte[] four = new byte[4];
    b.get(at, four);
    return new String(four, StandardCharsets.US_ASCII);
  }
}
