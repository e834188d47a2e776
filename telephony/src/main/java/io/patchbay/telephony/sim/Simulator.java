package io.patchbay.telephony.sim;

import io.patchbay.core.call.LegStatus;
import io.patchbay.telephony.DialRequest;
import io.patchbay.telephony.Leg;
import io.patchbay.telephony.LegListener;
import io.patchbay.telephony.TelephonyEngine;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The telephony engine of the sandbox: phones that behave as {@link Behaviours} say, on the
 * account's timeline, so every ring and hang-up follows the account's clock.
 */
public final class Simulator implements TelephonyEngine {
  private final Function<String, Timeline> timelines;
  private final Behaviours behaviours;

  /**
   * Creates a simulator.
   *
   * @param timelines the timeline of each account sid
   * @param behaviours the behaviours set through the control plane
   */
  public Simulator(Function<String, Timeline> timelines, Behaviours behaviours) {
    this.timelines = timelines;
    this.behaviours = behaviours;
  }

  @Override
  public Optional<Leg> dial(DialRequest request, LegListener listener) {
    PhoneBehaviour b = behaviours.resolve(
        request.accountSid(), request.contactUri(), request.side());
    if (b.outcome() == Outcome.UNREACHABLE) {
      return Optional.empty();
    }
    Timeline timeline = timelines.apply(request.accountSid());
    SimLeg leg = new SimLeg();
    String ctx = request.callSid();

    leg.track(timeline.now(ctx, leg.guard(listener::onRinging)));
    leg.answer = leg.guard(() -> {
      leg.answered = true;
      leg.timers.forEach(Timer::cancel);
      listener.onAnswered();
      if (b.hangupAfter() != null) {
        leg.track(timeline.after(b.hangupAfter(), ctx,
            leg.guard(() -> leg.endedByPhone(listener, LegStatus.COMPLETED))));
      }
    });
    switch (b.outcome()) {
      case ANSWER -> leg.track(timeline.after(b.ringFor(), ctx, leg.answer));
      case BUSY -> leg.track(timeline.after(b.ringFor(), ctx,
          leg.guard(() -> leg.endedByPhone(listener, LegStatus.BUSY))));
      case FAILED -> leg.track(timeline.after(b.ringFor(), ctx,
          leg.guard(() -> leg.endedByPhone(listener, LegStatus.FAILED))));
      case NO_ANSWER, UNREACHABLE -> { }
    }
    return Optional.of(leg);
  }

  /** A simulated leg: its pending timers, and whether it is over. */
  private static final class SimLeg implements Leg {
    private final List<Timer> timers = new ArrayList<>();
    private Runnable answer;
    private boolean answered;
    private boolean over;

    void track(Timer timer) {
      timers.add(timer);
    }

    Runnable guard(Runnable r) {
      return () -> {
        if (!over) {
          r.run();
        }
      };
    }

    void endedByPhone(LegListener listener, LegStatus status) {
      over = true;
      listener.onEnded(status);
    }

    @Override
    public boolean answerNow() {
      if (over || answered) {
        return false;
      }
      answer.run();
      return true;
    }

    @Override
    public void hangup() {
      over = true;
      timers.forEach(Timer::cancel);
    }
  }
}
