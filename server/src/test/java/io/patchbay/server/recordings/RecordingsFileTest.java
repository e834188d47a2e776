package io.patchbay.server.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The WAV files: format, length read back by the JDK's own parser, content and safety. */
class RecordingsFileTest {
  private static final String ACCOUNT = "patchbay0a1b2c3d4e5f";
  private static final String CALL = "0123456789abcdefghijklmnopqrstuv";

  @TempDir
  Path dir;

  private Recordings recordings() {
    return Recordings.create(dir, Clock.systemUTC(), Duration.ofHours(1));
  }

  /** The seconds of audio in {@code file}, as a player computes them. */
  private static double seconds(Path file) throws IOException, UnsupportedAudioFileException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
      return in.getFrameLength() / in.getFormat().getFrameRate();
    }
  }

  /** Every 16-bit sample of {@code file}, interleaved as in the file. */
  private static short[] samples(Path file) throws IOException, UnsupportedAudioFileException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(
        new ByteArrayInputStream(Files.readAllBytes(file)))) {
      ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      short[] out = new short[bytes.remaining() / 2];
      bytes.asShortBuffer().get(out);
      return out;
    }
  }

  @Test
  void write_singleSevenSeconds_isPcm8kHz16BitMonoOfExactlySevenSeconds() throws Exception {
    Path file = recordings().write(ACCOUNT, CALL, 1, 7, false);

    AudioFileFormat fileFormat = AudioSystem.getAudioFileFormat(file.toFile());
    AudioFormat format = fileFormat.getFormat();
    assertThat(fileFormat.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
    assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
    assertThat(format.getSampleRate()).isEqualTo(8000f);
    assertThat(format.getSampleSizeInBits()).isEqualTo(16);
    assertThat(format.getChannels()).isEqualTo(1);
    assertThat(format.isBigEndian()).isFalse();
    assertThat(fileFormat.getFrameLength()).isEqualTo(7 * 8000);
    assertThat(seconds(file)).isEqualTo(7.0);
    assertThat(Files.size(file)).isEqualTo(44 + 7 * 16_000);
  }

  @Test
  void write_dual_isTwoChannelsWithTheSameLength() throws Exception {
    Path file = recordings().write(ACCOUNT, CALL, 2, 5, true);

    AudioFormat format = AudioSystem.getAudioFileFormat(file.toFile()).getFormat();
    assertThat(format.getChannels()).isEqualTo(2);
    assertThat(format.getFrameSize()).isEqualTo(4);
    assertThat(format.getSampleRate()).isEqualTo(8000f);
    assertThat(seconds(file)).isEqualTo(5.0);
    assertThat(Files.size(file)).isEqualTo(44 + 5 * 32_000);
  }

  @ParameterizedTest
  @CsvSource({"0, false", "1, false", "1, true", "59, true", "61, false", "600, true"})
  void write_anyDuration_readsBackAsExactlyThatManySeconds(long duration, boolean dual)
      throws Exception {
    Path file = recordings().write(ACCOUNT, CALL, 3, duration, dual);

    assertThat(seconds(file)).isEqualTo((double) duration);
    assertThat(AudioSystem.getAudioFileFormat(file.toFile()).getFormat().getChannels())
        .isEqualTo(dual ? 2 : 1);
  }

  @Test
  void write_single_isAudibleInEverySecond() throws Exception {
    short[] samples = samples(recordings().write(ACCOUNT, CALL, 1, 6, false));

    assertThat(samples).hasSize(6 * 8000);
    for (int second = 0; second < 6; second++) {
      int peak = 0;
      long nonZero = 0;
      for (int i = second * 8000; i < (second + 1) * 8000; i++) {
        peak = Math.max(peak, Math.abs(samples[i]));
        nonZero += samples[i] == 0 ? 0 : 1;
      }
      assertThat(peak).as("peak of second %d", second).isGreaterThan(4000);
      assertThat(nonZero).as("sounding samples of second %d", second).isGreaterThan(6000);
    }
  }

  @Test
  void write_dual_putsTheAgentLeftAndTheCustomerRightAndEachIsAudible() throws Exception {
    short[] samples = samples(recordings().write(ACCOUNT, CALL, 1, 1, true));

    int leftPeak = 0;
    int rightPeak = 0;
    for (int frame = 0; frame < 8000; frame++) {
      short left = samples[2 * frame];
      short right = samples[2 * frame + 1];
      leftPeak = Math.max(leftPeak, Math.abs(left));
      rightPeak = Math.max(rightPeak, Math.abs(right));
      // Turns of half a second: the agent first, then the customer; never both at once.
      if (frame < 4000) {
        assertThat(right).as("customer channel in the agent's turn").isZero();
      } else {
        assertThat(left).as("agent channel in the customer's turn").isZero();
      }
    }
    assertThat(leftPeak).isGreaterThan(4000);
    assertThat(rightPeak).isGreaterThan(4000);
  }

  @Test
  void write_single_isTheMixOfTheDualChannels() throws Exception {
    Recordings recordings = recordings();
    short[] single = samples(recordings.write(ACCOUNT, CALL, 1, 3, false));
    short[] dual = samples(recordings.write(ACCOUNT, CALL, 2, 3, true));

    for (int frame = 0; frame < single.length; frame++) {
      assertThat(single[frame]).isEqualTo((short) (dual[2 * frame] + dual[2 * frame + 1]));
    }
  }

  @Test
  void write_sameIndexAgain_replacesTheFileAndLeavesNoTemporaryFile() throws Exception {
    Recordings recordings = recordings();
    recordings.write(ACCOUNT, CALL, 1, 3, true);

    Path file = recordings.write(ACCOUNT, CALL, 1, 2, false);

    assertThat(seconds(file)).isEqualTo(2.0);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("1.wav");
    }
  }

  @Test
  void write_layout_isDataRecordingsAccountCallIndexWav() {
    Path file = recordings().write(ACCOUNT, CALL, 12, 1, false);

    assertThat(file).isEqualTo(dir.resolve("recordings").resolve(ACCOUNT).resolve(CALL)
        .resolve("12.wav"));
    assertThat(file).isRegularFile();
    assertThat(recordings().file(ACCOUNT, CALL, 12)).isEqualTo(file);
  }

  @Test
  void write_onPosix_fileIsReadableByTheOwnerOnly() throws IOException {
    Assumptions.assumeTrue(AtomicFiles.posix(dir), "POSIX permissions");

    Path file = recordings().write(ACCOUNT, CALL, 1, 1, false);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 14_401, Long.MAX_VALUE})
  void write_durationOutsideZeroToFourHours_throwsNamingTheValueAndWritesNothing(long duration) {
    Recordings recordings = recordings();

    assertThatThrownBy(() -> recordings.write(ACCOUNT, CALL, 1, duration, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durationSeconds")
        .hasMessageContaining(String.valueOf(duration));
    assertThat(dir.resolve("recordings")).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource({
      "'..',                   " + CALL + ", 1, accountSid",
      "'a/b',                  " + CALL + ", 1, accountSid",
      "'ABC',                  " + CALL + ", 1, accountSid",
      "'',                     " + CALL + ", 1, accountSid",
      ACCOUNT + ", '..\\x',        1,    callSid",
      ACCOUNT + ", 'a.wav',        1,    callSid",
      ACCOUNT + ", " + CALL + ",  -1,    index",
      ACCOUNT + ", " + CALL + ", 1000,   index"})
  void write_malformedSidOrIndex_throwsNamingIt(String account, String call, int index,
      String name) {
    Recordings recordings = recordings();

    assertThatThrownBy(() -> recordings.write(account, call, index, 1, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    assertThatThrownBy(() -> recordings.path(account, call, index))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    assertThat(dir.resolve("recordings")).doesNotExist();
  }

  @Test
  void write_sixtyFiveCharacterSid_throws() {
    Recordings recordings = recordings();

    assertThatThrownBy(() -> recordings.write("a".repeat(65), CALL, 1, 1, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountSid");
  }

  @Test
  void path_isTheUrlPathWithoutHostOrSignature() {
    assertThat(recordings().path(ACCOUNT, CALL, 7))
        .isEqualTo("/recordings/" + ACCOUNT + "/" + CALL + "/7.wav");
  }
}
