package io.patchbay.server.users;

import static io.patchbay.server.users.Harness.createUser;
import static io.patchbay.server.users.Harness.freshNumber;
import static io.patchbay.server.users.UsersApiTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that walks the user list with {@code offset += metadata.count} until
 * {@code offset >= metadata.total} sees every user exactly once, while users are being added.
 */
class UserPagingTest {
  private static final int PAGE = 7;

  @TempDir
  Path dir;
  Harness h;

  @BeforeEach
  void start() {
    h = Harness.start(dir);
    for (int i = 0; i < 40; i++) {
      createUser(h.api, freshNumber());
    }
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** The walk; {@code betweenPages} runs after each page. */
  private List<String> walk(Runnable betweenPages) {
    List<String> seen = new ArrayList<>();
    int offset = 0;
    for (int pages = 0; pages < 1_000; pages++) {
      Answer page = h.api.get("/users?limit=" + PAGE + "&offset=" + offset);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.metadata().path("offset").asInt()).isEqualTo(offset);
      seen.addAll(ids(page));
      int count = page.metadata().path("count").asInt();
      offset += count;
      betweenPages.run();
      if (offset >= page.metadata().path("total").asInt()) {
        return seen;
      }
      assertThat(count).as("a page before the end is never empty").isPositive();
    }
    throw new AssertionError("the walk did not end");
  }

  @Test
  void walk_twoUsersAddedAfterEveryPage_seesEveryUserExactlyOnce() {
    List<String> before = ids(h.api.get("/users?limit=50"));

    List<String> seen = walk(() -> {
      createUser(h.api, freshNumber());
      createUser(h.api, freshNumber());
    });

    assertThat(new HashSet<>(seen)).as("no user twice").hasSize(seen.size());
    assertThat(seen).containsAll(before);
    assertThat(seen).startsWith(before.toArray(String[]::new));
    assertThat(allUserIds()).containsAll(seen);
  }

  @Test
  void walk_usersAddedConcurrently_seesEveryUserExactlyOnce() throws Exception {
    List<String> before = allUserIds();
    AtomicBoolean walking = new AtomicBoolean(true);
    List<String> seen;
    int added;
    try (ExecutorService adder = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> adding = adder.submit(() -> {
        int n = 0;
        while (walking.get() && n < 200) {
          createUser(h.api, freshNumber());
          n++;
        }
        return n;
      });
      try {
        seen = walk(() -> { });
      } finally {
        walking.set(false);
      }
      added = adding.get();
    }

    assertThat(new HashSet<>(seen)).as("no user twice").hasSize(seen.size());
    assertThat(seen).containsAll(before);
    Set<String> all = new HashSet<>(allUserIds());
    assertThat(all).containsAll(seen).hasSize(before.size() + added);
  }

  private List<String> allUserIds() {
    List<String> all = new ArrayList<>();
    for (int offset = 0; ; offset += 50) {
      List<String> page = ids(h.api.get("/users?limit=50&offset=" + offset));
      all.addAll(page);
      if (page.size() < 50) {
        return all;
      }
    }
  }
}
