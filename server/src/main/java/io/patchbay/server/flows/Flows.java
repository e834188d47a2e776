package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.FlowRules;
import io.patchbay.core.flow.Group;
import io.patchbay.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Flows and agent groups of an account: validated, stored, read and deleted. The extension
 * API ({@link FlowRoutes}) and the CLI both go through here, so they accept and refuse exactly
 * the same bodies.
 *
 * <p>A flow body: {@code name} (1 to 64 characters), {@code applets} (1 to
 * {@value FlowRules#MAX_APPLETS}; see {@link FlowRules} for each applet's limits),
 * {@code recording} (boolean, default false), {@code recording_channels} ({@code single}, the
 * default, or {@code dual}). A group body: {@code name} (1 to 64 characters) and
 * {@code members} (1 to 100 distinct user ids of the account, in ringing order).
 *
 * <p>Every failure is an {@link ApiException}: 400/9410 naming the field, or 404/9412 for an
 * unknown id. The account is not checked here: the API has authenticated it and the CLI checks
 * it before calling.
 */
public final class Flows {
  private final Store store;

  public Flows(Store store) {
    this.store = store;
  }

  /** Validates a flow body and stores it as a new flow with a new id. */
  public Flow createFlow(String sid, JsonNode body) {
    return AccountLock.with(sid, () -> putFlow(sid, Sids.newUserId(), body));
  }

  /**
   * Replaces a flow with a validated body; calls already running keep the flow they started.
   *
   * @throws ApiException 404/9412 when the account has no such flow (checked first)
   */
  public Flow replaceFlow(String sid, String id, JsonNode body) {
    return AccountLock.with(sid, () -> putFlow(sid, flow(sid, id).id(), body));
  }

  /**
   * The flow with {@code id}.
   *
   * @throws ApiException 404/9412 when the account has none
   */
  public Flow flow(String sid, String id) {
    return store.flow(sid, id).orElseThrow(
        () -> new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No flow with this id"));
  }

  /** The account's flows, oldest first. */
  public List<Flow> flows(String sid) {
    return store.flows(sid);
  }

  /**
   * Deletes a flow; ExoPhones that ran it run none afterwards.
   *
   * @return the flow as it was
   * @throws ApiException 404/9412 when the account has no such flow
   */
  public Flow deleteFlow(String sid, String id) {
    return AccountLock.with(sid, () -> {
      Flow flow = flow(sid, id);
      store.deleteFlow(sid, flow.id());
      return flow;
    });
  }

  /** Validates a group body and stores it as a new group with a new id. */
  public Group createGroup(String sid, JsonNode body) {
    return AccountLock.with(sid, () -> putGroup(sid, Sids.newUserId(), body));
  }

  /**
   * Replaces a group with a validated body.
   *
   * @throws ApiException 404/9412 when the account has no such group (checked first)
   */
  public Group replaceGroup(String sid, String id, JsonNode body) {
    return AccountLock.with(sid, () -> putGroup(sid, group(sid, id).id(), body));
  }

  /**
   * The group with {@code id}.
   *
   * @throws ApiException 404/9412 when the account has none
   */
  public Group group(String sid, String id) {
    return store.group(sid, id).orElseThrow(
        () -> new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No group with this id"));
  }

  /** The account's groups, oldest first. */
  public List<Group> groups(String sid) {
    return store.groups(sid);
  }

  /**
   * Deletes a group that no flow's connect or transfer applet names.
   *
   * @return the group as it was
   * @throws ApiException 404/9412 when the account has no such group, 400/9410 naming the
   *     flows that use it
   */
  public Group deleteGroup(String sid, String id) {
    return AccountLock.with(sid, () -> {
      Group group = group(sid, id);
      List<String> users = new ArrayList<>();
      for (Flow f : store.flows(sid)) {
        for (Applet a : f.applets()) {
          if (a instanceof Applet.Connect c && group.id().equals(c.groupId())
              && !users.contains(f.name())) {
            users.add(f.name());
          }
        }
      }
      if (!users.isEmpty()) {
        throw FlowCodec.invalid("the group is used by flow(s) " + String.join(", ", users)
            + "; change them first");
      }
      store.deleteGroup(sid, group.id());
      return group;
    });
  }

  private Flow putFlow(String sid, String id, JsonNode body) {
    String name = FlowCodec.text(body, "name", "flow");
    List<Applet> applets = FlowCodec.applets(body);
    JsonNode rec = body.get("recording");
    if (rec != null && !rec.isNull() && !rec.isBoolean()) {
      throw FlowCodec.invalid("recording must be a boolean");
    }
    String channels = FlowCodec.text(body, "recording_channels", "flow");
    if (channels != null && !channels.equals("single") && !channels.equals("dual")) {
      throw FlowCodec.invalid("recording_channels must be single or dual");
    }
    String problem = FlowRules.check(name, applets,
        g -> store.group(sid, g).map(x -> !x.members().isEmpty()).orElse(false),
        u -> store.user(sid, u).isPresent());
    if (problem != null) {
      throw FlowCodec.invalid(problem);
    }
    Flow flow = new Flow(id, sid, name, applets, rec != null && rec.asBoolean(),
        channels == null ? "single" : channels);
    store.putFlow(flow);
    return flow;
  }

  private Group putGroup(String sid, String id, JsonNode body) {
    String name = FlowCodec.text(body, "name", "group");
    List<String> members = FlowCodec.members(body);
    String problem = FlowRules.checkGroup(name, members, u -> store.user(sid, u).isPresent());
    if (problem != null) {
      throw FlowCodec.invalid(problem);
    }
    Group group = new Group(id, sid, name, members);
    store.putGroup(group);
    return group;
  }
}
