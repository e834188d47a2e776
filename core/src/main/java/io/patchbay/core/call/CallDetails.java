package io.patchbay.core.call;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The call details of contract §3, typed; the server writes them with the published key names
 * in the published order. Null fields are written as JSON null.
 *
 * @param agent {@code assigned_agent_details} without its status
 * @param agentStatus {@code assigned_agent_details.status}
 * @param customerStatus {@code customer_details.status}
 * @param recordingUrls {@code recordings} as URLs, or null while active
 */
public record CallDetails(
    String callSid,
    Direction direction,
    String virtualNumber,
    boolean terminal,
    CallStatus callStatus,
    AgentRef agent,
    LegStatus agentStatus,
    String customerName,
    String customerUri,
    LegStatus customerStatus,
    OffsetDateTime createdTime,
    OffsetDateTime updatedTime,
    OffsetDateTime startTime,
    OffsetDateTime endTime,
    Long totalDuration,
    Long totalTalkTime,
    String customField,
    String appId,
    String appName,
    String digits,
    List<String> recordingUrls) {

  /** A copy with other recording URLs (signed ones, say). */
  public CallDetails withRecordingUrls(List<String> urls) {
    return new CallDetails(callSid, direction, virtualNumber, terminal, callStatus, agent,
        agentStatus, customerName, customerUri, customerStatus, createdTime, updatedTime,
        startTime, endTime, totalDuration, totalTalkTime, customField, appId, appName, digits,
        List.copyOf(urls));
  }

  /** {@code call_state} on the wire. */
  public String callState() {
    return terminal ? "terminal" : "active";
  }
}
