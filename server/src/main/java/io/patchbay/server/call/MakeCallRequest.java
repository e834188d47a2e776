package io.patchbay.server.call;

import io.patchbay.core.call.CallOptions;

/**
 * A validated Make Call body, numbers already in E.164.
 *
 * @param userId the agent's user id, or null when {@code userContactUri} is given
 * @param userContactUri the agent's device number or SIP URI, or null
 * @param customerUri the customer's number
 * @param virtualNumber the ExoPhone
 * @param options everything else
 */
public record MakeCallRequest(
    String userId,
    String userContactUri,
    String customerUri,
    String virtualNumber,
    CallOptions options) {}
