package io.patchbay.server.recordings;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file through a hidden temporary file in the same folder that is flushed to disk and
 * then renamed over the target, so a crash leaves the old file or the new one under the final
 * name, never a half-written one.
 *
 * <p><b>Note:</b> files are born readable and writable by their owner only (where the file
 * system has POSIX permissions). A crash may leave a hidden {@code .<name>.*.tmp} file behind;
 * nothing reads or serves it.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Fills the temporary file. */
  @FunctionalInterface
  interface Content {
    /**
     * Writes the whole content to {@code channel}.
     *
     * @throws IOException if writing fails
     */
    void writeTo(FileChannel channel) throws IOException;
  }

  /**
   * Writes {@code target} atomically, creating its folder when missing; an existing file is
   * replaced.
   *
   * @throws IOException if the folder, the temporary file or the rename fails; the target is
   *     then unchanged
   */
  static void write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attrs = posix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        content.writeTo(ch);
        // Flushed before the rename, or a crash could leave the final name on partial content.
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      syncFolder(dir);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed, which is what the caller must hear; a stray hidden
          // temporary file is harmless.
        }
      }
    }
  }

  /** Makes the rename itself durable, where the platform lets a folder be opened (Linux). */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; the rename is still atomic there.
    }
  }

  static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
