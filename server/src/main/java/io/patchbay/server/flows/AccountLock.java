package io.patchbay.server.flows;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the flow and directory changes of one account inside this process, so that a
 * check and the write it guards (a group is unused before it is deleted, a flow exists when an
 * ExoPhone is pointed at it) do not interleave with another change of the same account.
 *
 * <p>Striped: the set of accounts is open-ended, and two accounts sharing a stripe only wait
 * for each other briefly. A {@link ReentrantLock}, so that virtual threads waiting here do not
 * pin their carrier. It does not reach other processes: the CLI working on the data folder of
 * a running server is not serialised with it (docs/flows.md says what that can mean).
 */
final class AccountLock {
  private static final int STRIPES = 64;
  private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      LOCKS[i] = new ReentrantLock();
    }
  }

  private AccountLock() {}

  /** Runs {@code work} while holding the lock of {@code accountSid}. */
  static <T> T with(String accountSid, Supplier<T> work) {
    ReentrantLock lock = LOCKS[Math.floorMod(accountSid.hashCode(), STRIPES)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
