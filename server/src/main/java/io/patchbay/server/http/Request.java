package io.patchbay.server.http;

import io.patchbay.core.account.Account;
import java.util.List;
import java.util.Map;

/**
 * An authenticated API request, as handlers see it.
 *
 * @param requestId the request's id, also in the envelope and the log
 * @param method the HTTP method
 * @param account the account the credentials act for (null on the control plane)
 * @param params the path parameters
 * @param query the query parameters, each with all its values
 * @param body the raw body, possibly empty
 */
public record Request(String requestId, String method, Account account,
    Map<String, String> params, Map<String, List<String>> query, byte[] body) {

  /** A path parameter. */
  public String param(String name) {
    return params.get(name);
  }

  /** The single value of a query parameter, or null. */
  public String queryValue(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
