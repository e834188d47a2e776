package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.http.JsonBodies;
import io.patchbay.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * The rest of an account's directory: ExoPhones (and the flow each runs), the address book and
 * the do-not-call list. The extension API ({@link DirectoryRoutes}) and the CLI both go
 * through here, so they accept and refuse exactly the same input.
 *
 * <p>Numbers are normalised like Make Call's: E.164 ({@code +} and 8 to 15 digits), or an
 * Indian {@code 0}-prefixed or bare 10-digit number, which becomes {@code +91...}. A contact
 * name is 1 to 64 characters. Every failure is an {@link ApiException}: 400/9411 naming the
 * problem, or 404/9412 for an unknown ExoPhone or contact. The account is not checked here.
 */
public final class Directory {
  /**
   * An ExoPhone.
   *
   * @param number its number, E.164
   * @param flowId the flow inbound calls to it run, or null
   */
  public record ExoPhone(String number, String flowId) {}

  /**
   * An address-book entry: inbound calls from {@code number} show {@code name}.
   *
   * @param number E.164
   * @param name 1 to 64 characters
   */
  public record Contact(String number, String name) {}

  /**
   * Whether a number is on the do-not-call list.
   *
   * @param number E.164
   * @param listed true when Make Call will not dial it
   */
  public record DoNotCall(String number, boolean listed) {}

  private final Store store;

  public Directory(Store store) {
    this.store = store;
  }

  /** The account's ExoPhones, oldest first. */
  public List<ExoPhone> exoPhones(String sid) {
    List<ExoPhone> out = new ArrayList<>();
    for (String number : store.exoPhones(sid)) {
      out.add(new ExoPhone(number, store.exoPhoneFlow(sid, number).orElse(null)));
    }
    return out;
  }

  /**
   * Adds an ExoPhone from {@code {"number", "flow_id"}}, or sets the flow of one the account
   * has: {@code flow_id} absent or null means none.
   */
  public ExoPhone addExoPhone(String sid, JsonNode body) {
    String number = number(text(body, "number"));
    return AccountLock.with(sid, () -> {
      String flowId = flowId(sid, body);
      store.addExoPhone(sid, number);
      store.linkExoPhone(sid, number, flowId);
      return new ExoPhone(number, flowId);
    });
  }

  /**
   * Points an ExoPhone at the flow of {@code {"flow_id"}} (null: none).
   *
   * @throws ApiException 404/9412 when the account has no such ExoPhone
   */
  public ExoPhone linkExoPhone(String sid, String rawNumber, JsonNode body) {
    String number = number(rawNumber);
    return AccountLock.with(sid, () -> {
      String flowId = flowId(sid, body);
      if (!store.linkExoPhone(sid, number, flowId)) {
        throw new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No such ExoPhone in this account");
      }
      return new ExoPhone(number, flowId);
    });
  }

  /**
   * The address-book entry of a number.
   *
   * @throws ApiException 404/9412 when the address book has none
   */
  public Contact contact(String sid, String rawNumber) {
    String number = number(rawNumber);
    String name = store.contactName(sid, number).orElseThrow(
        () -> new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No contact with this number"));
    return new Contact(number, name);
  }

  /** Sets the name of a number from {@code {"name"}}, adding or replacing its entry. */
  public Contact putContact(String sid, String rawNumber, JsonNode body) {
    String number = number(rawNumber);
    String name = text(body, "name");
    if (name == null || name.isBlank() || name.length() > 64) {
      throw invalid("name must be 1 to 64 characters");
    }
    store.putContact(sid, number, name);
    return new Contact(number, name);
  }

  /** Whether a number is on the do-not-call list. */
  public DoNotCall doNotCall(String sid, String rawNumber) {
    String number = number(rawNumber);
    return new DoNotCall(number, store.isDoNotCall(sid, number));
  }

  /** Puts a number on the do-not-call list (listing it twice changes nothing). */
  public DoNotCall addDoNotCall(String sid, String rawNumber) {
    String number = number(rawNumber);
    store.addDoNotCall(sid, number);
    return new DoNotCall(number, true);
  }

  /** Takes a number off the do-not-call list (an unlisted number is not an error). */
  public DoNotCall removeDoNotCall(String sid, String rawNumber) {
    String number = number(rawNumber);
    store.removeDoNotCall(sid, number);
    return new DoNotCall(number, false);
  }

  private String flowId(String sid, JsonNode body) {
    JsonNode v = body.get("flow_id");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || store.flow(sid, v.textValue()).isEmpty()) {
      throw invalid("flow_id names no flow of this account");
    }
    return v.textValue();
  }

  private static String number(String raw) {
    return PhoneNumbers.normalise(raw).orElseThrow(
        () -> invalid("number must be a phone number (E.164 or Indian local form)"));
  }

  private static String text(JsonNode body, String key) {
    return JsonBodies.text(body, key, key, ErrorCode.DIRECTORY_INVALID);
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.DIRECTORY_INVALID, description);
  }
}
