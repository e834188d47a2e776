package io.patchbay.server.callbacks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Sandbox faults for callbacks, per account: rules set through the control plane that delay,
 * duplicate, drop or reorder deliveries, so integrators can test their own idempotency. A rule
 * applies to a callback's first attempt, either to the next {@code count} callbacks (one-shot)
 * or to each callback with probability {@code rate}; the first rule that applies wins.
 */
final class Faults {
  /** What a fault does to a delivery. */
  enum Kind {
    /** Holds the first attempt for {@code delay}. */
    DELAY,
    /** Sends the identical request a second time after a success. */
    DUPLICATE,
    /** Never sends it: the callback fails at once, as a lost request would. */
    DROP,
    /** Holds it until another callback of the account is delivered, at most {@code delay}. */
    REORDER;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String wire) {
      for (Kind k : values()) {
        if (k.wire().equals(wire)) {
          return k;
        }
      }
      throw new IllegalArgumentException("kind must be delay, duplicate, drop or reorder");
    }
  }

  /** A rule: {@code remaining} one-shot uses, or a {@code rate}; the other is null. */
  static final class Rule {
    final long id;
    final Kind kind;
    final Double rate;
    final Duration delay;
    Integer remaining;

    Rule(long id, Kind kind, Integer remaining, Double rate, Duration delay) {
      this.id = id;
      this.kind = kind;
      this.remaining = remaining;
      this.rate = rate;
      this.delay = delay;
    }

    Rule copy() {
      return new Rule(id, kind, remaining, rate, delay);
    }
  }

  /** The default delay of a delay fault, and the longest hold of a reorder fault. */
  static final Duration DEFAULT_DELAY = Duration.ofSeconds(60);

  private final AtomicLong ids = new AtomicLong();
  private final Map<String, List<Rule>> byAccount = new HashMap<>();

  /**
   * Adds a rule.
   *
   * @throws IllegalArgumentException unless exactly one of {@code count} (1 to 1000) and
   *     {@code rate} (0 to 1) is given, and {@code delay} is null or 0 to 1 day
   */
  synchronized Rule add(String accountSid, Kind kind, Integer count, Double rate,
      Duration delay) {
    if ((count == null) == (rate == null)) {
      throw new IllegalArgumentException("give exactly one of count and rate");
    }
    if (count != null && (count < 1 || count > 1000)) {
      throw new IllegalArgumentException("count must be from 1 to 1000");
    }
    if (rate != null && !(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be from 0 to 1");
    }
    if (delay != null && (delay.isNegative() || delay.compareTo(Duration.ofDays(1)) > 0)) {
      throw new IllegalArgumentException("delay_ms must be from 0 to 86400000");
    }
    Rule rule = new Rule(ids.incrementAndGet(), kind, count, rate,
        delay == null ? DEFAULT_DELAY : delay);
    byAccount.computeIfAbsent(accountSid, k -> new ArrayList<>()).add(rule);
    return rule.copy();
  }

  /** The account's rules still in force, in the order added. */
  synchronized List<Rule> list(String accountSid) {
    return byAccount.getOrDefault(accountSid, List.of()).stream().map(Rule::copy).toList();
  }

  /** Removes every rule of the account; returns how many there were. */
  synchronized int clear(String accountSid) {
    List<Rule> removed = byAccount.remove(accountSid);
    return removed == null ? 0 : removed.size();
  }

  /** The fault for the next callback of the account, using up one-shot rules. */
  synchronized Optional<Rule> take(String accountSid, DoubleSupplier random) {
    List<Rule> rules = byAccount.get(accountSid);
    if (rules == null) {
      return Optional.empty();
    }
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (r.remaining != null) {
        r.remaining--;
        if (r.remaining == 0) {
          it.remove();
        }
        return Optional.of(r.copy());
      }
      if (random.getAsDouble() < r.rate) {
        return Optional.of(r.copy());
      }
    }
    return Optional.empty();
  }
}
