package io.patchbay.core.call;

/**
 * The agent as the call details name it, {@code assigned_agent_details} without the status.
 *
 * @param userId the user id, or null when the device belongs to no known user
 * @param userName first and last name, or null
 * @param contactUri the device's number or SIP URI
 * @param groupId the group the agent was reached through, or null
 * @param groupName that group's name, or null
 */
public record AgentRef(
    String userId, String userName, String contactUri, String groupId, String groupName) {}
