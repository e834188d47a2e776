package io.patchbay.telephony.sim;

import io.patchbay.core.call.Side;
import java.time.Duration;

/**
 * The published table of numbers that force an outcome, for agents' devices and customers
 * alike. Every other number behaves by default: an agent rings {@value #AGENT_RING_SECONDS} s
 * and answers; a customer rings {@value #CUSTOMER_RING_SECONDS} s, answers and hangs up
 * {@value #CUSTOMER_TALK_SECONDS} s later.
 *
 * <table>
 *   <caption>Magic numbers</caption>
 *   <tr><th>number</th><th>behaviour</th></tr>
 *   <tr><td>+919000000001</td><td>busy after 2 s</td></tr>
 *   <tr><td>+919000000002</td><td>rings and never answers</td></tr>
 *   <tr><td>+919000000003</td><td>fails after 1 s</td></tr>
 *   <tr><td>+919000000004</td><td>never dialled: the network refuses it</td></tr>
 *   <tr><td>+919001NNNNNN</td><td>answers as by default, hangs up NNNNNN s after answering
 *   </td></tr>
 *   <tr><td>+919002NNNNNN</td><td>rings NNNNNN s, answers, never hangs up by itself</td></tr>
 * </table>
 */
public final class MagicNumbers {
  public static final int AGENT_RING_SECONDS = 3;
  public static final int CUSTOMER_RING_SECONDS = 5;
  public static final int CUSTOMER_TALK_SECONDS = 30;

  private MagicNumbers() {}

  /** How {@code contactUri} behaves when dialled as {@code side}. */
  public static PhoneBehaviour behaviourOf(String contactUri, Side side) {
    PhoneBehaviour byDefault = side == Side.AGENT
        ? new PhoneBehaviour(Outcome.ANSWER, seconds(AGENT_RING_SECONDS), null)
        : new PhoneBehaviour(Outcome.ANSWER, seconds(CUSTOMER_RING_SECONDS),
            seconds(CUSTOMER_TALK_SECONDS));
    if (contactUri == null || !contactUri.startsWith("+9190") || contactUri.length() != 13) {
      return byDefault;
    }
    switch (contactUri.substring(3, 7)) {
      case "9000" -> {
        return switch (contactUri.substring(7)) {
          case "000001" -> new PhoneBehaviour(Outcome.BUSY, seconds(2), null);
          case "000002" -> new PhoneBehaviour(Outcome.NO_ANSWER, Duration.ZERO, null);
          case "000003" -> new PhoneBehaviour(Outcome.FAILED, seconds(1), null);
          case "000004" -> new PhoneBehaviour(Outcome.UNREACHABLE, Duration.ZERO, null);
          default -> byDefault;
        };
      }
      case "9001" -> {
        long talk = digits(contactUri.substring(7));
        return talk < 0 ? byDefault
            : new PhoneBehaviour(Outcome.ANSWER, byDefault.ringFor(), seconds(talk));
      }
      case "9002" -> {
        long ring = digits(contactUri.substring(7));
        return ring < 0 ? byDefault : new PhoneBehaviour(Outcome.ANSWER, seconds(ring), null);
      }
      default -> {
        return byDefault;
      }
    }
  }

  private static long digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(s);
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
