package io.patchbay.server.hardening;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the hardening tests did (requests tried, inputs fuzzed), and prints one line per
 * test class for docs/reliability.md: {@code HARDENING-FIGURES <class> key=value ...}.
 */
final class Figures {
  private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  private Figures() {}

  /** Adds {@code n} to the figure {@code name} of {@code owner}. */
  static void add(Class<?> owner, String name, long n) {
    COUNTS.computeIfAbsent(owner.getSimpleName() + "." + name, k -> new AtomicLong())
        .addAndGet(n);
  }

  /** Prints the figures of {@code owner}. */
  static void print(Class<?> owner) {
    Map<String, Long> mine = new TreeMap<>();
    String prefix = owner.getSimpleName() + ".";
    COUNTS.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        mine.put(k.substring(prefix.length()), v.get());
      }
    });
    StringBuilder line = new StringBuilder("HARDENING-FIGURES ").append(owner.getSimpleName());
    mine.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
  }
}
