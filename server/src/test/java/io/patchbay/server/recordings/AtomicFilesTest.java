package io.patchbay.server.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write never shows under the final name. */
class AtomicFilesTest {
  @TempDir
  Path dir;

  private static void put(FileChannel ch, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private long filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  @Test
  void write_failingHalfway_leavesNoFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("a").resolve("1.wav");

    assertThatThrownBy(() -> AtomicFiles.write(target, ch -> {
      put(ch, "half of it");
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");

    assertThat(target).doesNotExist();
    assertThat(filesIn(target.getParent())).isZero();
  }

  @Test
  void write_failingHalfwayOverAnOldFile_keepsTheOldFileWhole() throws IOException {
    Path target = dir.resolve("1.wav");
    AtomicFiles.write(target, ch -> put(ch, "old and whole"));

    assertThatThrownBy(() -> AtomicFiles.write(target, ch -> {
      put(ch, "new but");
      throw new IOException("crash");
    })).isInstanceOf(IOException.class);

    assertThat(target).hasContent("old and whole");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void write_succeeding_replacesTheOldFile() throws IOException {
    Path target = dir.resolve("1.wav");
    AtomicFiles.write(target, ch -> put(ch, "old"));

    AtomicFiles.write(target, ch -> put(ch, "new"));

    assertThat(target).hasContent("new");
    assertThat(filesIn(dir)).isEqualTo(1);
  }
}
