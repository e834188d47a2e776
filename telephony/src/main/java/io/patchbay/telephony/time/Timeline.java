package io.patchbay.telephony.time;

import io.patchbay.core.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks at instants of a {@link VirtualClock}, one at a time, in order of their instant
 * (ties in order of scheduling). Every timer of an account's calls runs here, so a call's events
 * are never written by two threads at once.
 *
 * <p>A running clock is followed by a driver thread that sleeps until the next task is due. A
 * manual clock moves only through {@link #advance}, which runs every task due on the way in the
 * caller's thread, setting the clock to each task's instant before running it: a task always
 * sees the clock at its own due instant. Tasks due now run at once in either mode.
 *
 * <p><b>Note:</b> a task that throws is logged and dropped; the timeline goes on.
 */
public final class Timeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

  private final String name;
  private final VirtualClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ReentrantLock runLock = new ReentrantLock();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private final Thread driver;
  private final ThreadLocal<Instant> runningDue = new ThreadLocal<>();
  private volatile java.util.function.Consumer<VirtualClock> onChange = c -> { };
  private long sequence;
  private boolean closed;

  private static final class Entry implements Comparable<Entry>, Timer {
    final Instant due;
    final long seq;
    final String context;
    final Runnable task;
    volatile boolean cancelled;

    Entry(Instant due, long seq, String context, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.context = context;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** Creates a timeline on {@code clock} and starts its driver thread. */
  public static Timeline create(String name, VirtualClock clock) {
    return new Timeline(name, clock);
  }

  private Timeline(String name, VirtualClock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.driver = Thread.ofVirtual().name("timeline-" + name).start(this::drive);
  }

  /** The clock every task of this timeline reads. */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * Runs {@code task} at {@code due}, or as soon as possible if {@code due} has passed.
   *
   * @param context what the task is about (a call sid), for the log
   */
  public Timer at(Instant due, String context, Runnable task) {
    lock.lock();
    try {
      Entry entry = new Entry(due, sequence++, context, task);
      queue.add(entry);
      // The driver sleeps until the head is due: only a new head changes that. Waking it for
      // every timer (several a call) costs a context switch each at thousands of calls a second.
      if (queue.peek() == entry) {
        changed.signalAll();
      }
      return entry;
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code task} {@code delay} after {@link #instant()}. */
  public Timer after(Duration delay, String context, Runnable task) {
    return at(instant().plus(delay), context, task);
  }

  /** Runs {@code task} on this timeline as soon as possible. */
  public Timer now(String context, Runnable task) {
    return at(instant(), context, task);
  }

  /**
   * The instant of "now" for the caller: inside a task, the instant the task was due; anywhere
   * else, the clock's instant.
   *
   * <p>Why: a running clock moves on while the driver wakes up and the task runs. Stamping
   * events with the due instant keeps simulated durations exact at any speed (a 30 s talk is
   * 30 s even at speed 100) and chains of {@link #after} free of drift.
   */
  public Instant instant() {
    Instant due = runningDue.get();
    return due != null ? due : clock.instant();
  }

  /**
   * Moves a manual clock forward by {@code amount}, running every task due up to the new
   * instant.
   *
   * @throws IllegalStateException if the clock is running
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative amount: " + amount);
    }
    if (!clock.isManual()) {
      throw new IllegalStateException("only a manual clock can be advanced");
    }
    runLock.lock();
    try {
      Instant target = clock.instant().plus(amount);
      Entry next;
      while ((next = pollDue(target)) != null) {
        if (next.due.isAfter(clock.instant())) {
          clock.advanceTo(next.due);
        }
        run(next);
      }
      clock.advanceTo(target);
    } finally {
      runLock.unlock();
    }
    onChange.accept(clock);
  }

  /** Switches to a manual clock, standing where it is. */
  public void setManual() {
    clock.setManual();
    onChange.accept(clock);
    wake();
  }

  /** Lets the clock run at {@code speed}. */
  public void setRunning(double speed) {
    clock.setRunning(speed);
    onChange.accept(clock);
    wake();
  }

  /** Calls {@code listener} after every change of mode, speed or instant made through here. */
  public void onChange(java.util.function.Consumer<VirtualClock> listener) {
    this.onChange = listener;
  }

  /** How many tasks wait. */
  public int pending() {
    lock.lock();
    try {
      return (int) queue.stream().filter(e -> !e.cancelled).count();
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Entry pollDue(Instant limit) {
    lock.lock();
    try {
      while (!queue.isEmpty() && queue.peek().cancelled) {
        queue.poll();
      }
      Entry head = queue.peek();
      if (head == null || head.due.isAfter(limit)) {
        return null;
      }
      return queue.poll();
    } finally {
      lock.unlock();
    }
  }

  private void drive() {
    while (true) {
      Entry due;
      lock.lock();
      try {
        while (true) {
          if (closed) {
            return;
          }
          while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
          }
          Entry head = queue.peek();
          if (head != null && !head.due.isAfter(clock.instant())) {
            break;
          }
          long nanos = head == null ? Long.MAX_VALUE : clock.sourceNanosUntil(head.due);
          try {
            if (nanos == Long.MAX_VALUE) {
              changed.await();
            } else {
              changed.awaitNanos(Math.max(nanos, 100_000));
            }
          } catch (InterruptedException e) {
            return;
          }
        }
      } finally {
        lock.unlock();
      }
      runLock.lock();
      try {
        due = pollDue(clock.instant());
        if (due != null) {
          run(due);
        }
      } finally {
        runLock.unlock();
      }
    }
  }

  private void run(Entry entry) {
    runningDue.set(entry.due);
    try {
      entry.task.run();
    } catch (RuntimeException e) {
      LOG.error("{} - timeline {} task failed", entry.context, name, e);
    } finally {
      runningDue.remove();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    driver.interrupt();
  }
}
