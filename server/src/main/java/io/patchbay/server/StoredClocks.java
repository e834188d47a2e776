package io.patchbay.server;

import io.patchbay.store.AccountClock;
import io.patchbay.store.Store;
import io.patchbay.telephony.time.ClockMemory;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Account clocks remembered in the store. */
final class StoredClocks implements ClockMemory {
  private static final Logger LOG = LoggerFactory.getLogger(StoredClocks.class);

  private final Store store;

  StoredClocks(Store store) {
    this.store = store;
  }

  @Override
  public Optional<State> load(String accountSid) {
    return store.clock(accountSid)
        .map(c -> new State(c.instant(), c.wallAt(), c.speed(), c.explicit()));
  }

  @Override
  public void save(String accountSid, State state) {
    try {
      store.saveClock(accountSid, new AccountClock(state.instant(), state.wallAt(),
          state.speed(), state.explicit()));
    } catch (RuntimeException e) {
      // The clock runs on regardless; only its memory across a restart is lost.
      LOG.warn("{} - clock not remembered: {}", accountSid, e.toString());
    }
  }
}
