package io.patchbay.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second server off a SQLite data folder: at start, a server would finish every call
 * the first one is driving. The operating system releases the lock when the process dies, so
 * a crash never leaves it behind.
 *
 * <p><b>Note:</b> the CLI does not take the lock; it may work on the folder while a server runs.
 */
final class FolderLock {
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dataDir} for this server.
   *
   * @throws IllegalStateException if another server holds it
   * @throws UncheckedIOException if the lock file cannot be made
   */
  static FolderLock acquire(Path dataDir) {
    Path file = dataDir.resolve("server.lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(channel, dataDir);
      }
      return new FolderLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      throw busy(channel, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static IllegalStateException busy(FileChannel channel, Path dataDir) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already failing: the message below is what matters.
    }
    return new IllegalStateException("another Patchbay server is using the data folder "
        + dataDir.toAbsolutePath() + "; stop it first, or give this one its own --data");
  }

  /** Releases {@code held}; null is allowed (nothing was locked). */
  static void release(FolderLock held) {
    if (held == null) {
      return;
    }
    try {
      held.lock.release();
      held.channel.close();
    } catch (IOException ignored) {
      // The process is stopping; the operating system drops the lock anyway.
    }
  }
}
