package io.patchbay.core.flow;

/**
 * One step of a {@link Flow}. A flow runs its applets in order; {@link Goto} jumps forward.
 */
public sealed interface Applet
    permits Applet.Greeting, Applet.Gather, Applet.Connect, Applet.Hangup, Applet.Goto {

  /** The applet's name on the wire. */
  String type();

  /**
   * Plays a greeting.
   *
   * @param seconds how long it plays
   */
  record Greeting(int seconds) implements Applet {
    @Override
    public String type() {
      return "greeting";
    }
  }

  /**
   * Asks the caller for digits (IVR); each gather's digits become one group of the call's
   * {@code digits}.
   *
   * @param maxDigits the most digits it takes
   */
  record Gather(int maxDigits) implements Applet {
    @Override
    public String type() {
      return "gather";
    }
  }

  /**
   * Rings agents: a group's members in order (busy ones skipped), or one user. The first to
   * answer talks to the caller; when nobody answers, the flow goes on.
   *
   * @param groupId the group to ring, or null
   * @param userId the user to ring, or null (exactly one of the two is set)
   * @param ringSeconds how long each agent rings
   * @param transfer whether the applet was written as a transfer (same behaviour; kept for
   *     display)
   */
  record Connect(String groupId, String userId, int ringSeconds, boolean transfer)
      implements Applet {
    @Override
    public String type() {
      return transfer ? "transfer" : "connect";
    }
  }

  /** Hangs up. */
  record Hangup() implements Applet {
    @Override
    public String type() {
      return "hangup";
    }
  }

  /**
   * Continues at another applet.
   *
   * @param target the applet's index, from 0
   */
  record Goto(int target) implements Applet {
    @Override
    public String type() {
      return "goto";
    }
  }
}
