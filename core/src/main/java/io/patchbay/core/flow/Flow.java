package io.patchbay.core.flow;

import java.util.List;
import java.util.Objects;

/**
 * A call flow: what happens to a call that lands on an ExoPhone pointing at it.
 *
 * @param id the flow id ({@code app_id} in the call details)
 * @param accountSid the owning account
 * @param name the flow name ({@code app_name})
 * @param applets the steps, in order
 * @param recording whether conversations of calls in this flow are recorded
 * @param recordingChannels {@code single} or {@code dual}
 */
public record Flow(String id, String accountSid, String name, List<Applet> applets,
    boolean recording, String recordingChannels) {
  public Flow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(name, "name");
    applets = List.copyOf(applets);
    Objects.requireNonNull(recordingChannels, "recordingChannels");
  }

  /** The gather applets a call passes through, in order, following gotos. */
  public List<Applet.Gather> gathers() {
    List<Applet.Gather> out = new java.util.ArrayList<>();
    int i = 0;
    int steps = 0;
    while (i < applets.size() && steps++ <= applets.size()) {
      Applet a = applets.get(i);
      if (a instanceof Applet.Gather g) {
        out.add(g);
      }
      if (a instanceof Applet.Hangup) {
        break;
      }
      i = a instanceof Applet.Goto g ? g.target() : i + 1;
    }
    return out;
  }
}
