package io.patchbay.server.users;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the directory changes of one account, so that a check and the write it guards
 * (email unused, number unused, no other device ON) cannot interleave with another change.
 *
 * <p>Why striped locks: the set of accounts is open-ended, a fixed array is bounded, and two
 * accounts sharing a stripe only wait for each other briefly. A {@link ReentrantLock}, not
 * {@code synchronized}, so that virtual threads waiting here do not pin their carrier.
 */
final class AccountLocks {
  private static final int STRIPES = 64;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  AccountLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code work} while holding the lock of {@code accountSid}. */
  <T> T with(String accountSid, Supplier<T> work) {
    ReentrantLock lock = stripes[Math.floorMod(accountSid.hashCode(), STRIPES)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
