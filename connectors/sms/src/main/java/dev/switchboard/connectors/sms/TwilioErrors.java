package dev.switchboard.connectors.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.util.Map;

/**
 * Twilio's error codes in words an agent understands, and which failures are for good (an invalid
 * number, an opt-out: no retry helps) and which are passing (Twilio down, rate-limited, a timeout).
 * Codes: https://www.twilio.com/docs/api/errors
 */
final class TwilioErrors {

  /** Refusals of the send request itself (REST API errors). */
  private static final Map<Integer, String> REFUSED = Map.ofEntries(
      Map.entry(20003, "Twilio did not accept this SMS inbox's account SID or auth token; an admin must fix the inbox settings."),
      Map.entry(20404, "Twilio does not know this SMS inbox's account; an admin must check the inbox's account SID."),
      Map.entry(21211, "The customer's phone number is not a valid number, so the SMS was not sent."),
      Map.entry(21214, "The customer's phone number cannot be reached by SMS."),
      Map.entry(21266, "The customer's number is this inbox's own number; an SMS cannot be sent to itself."),
      Map.entry(21408, "Sending SMS to the customer's country is not enabled for this Twilio account; an admin must allow it in Twilio's messaging geographic permissions."),
      Map.entry(21602, "The message is empty; SMS needs some text."),
      Map.entry(21606, "This inbox's phone number cannot send SMS; an admin must check the number in Twilio."),
      Map.entry(21608, "This Twilio trial account can only text verified numbers; verify the customer's number in Twilio or upgrade the account."),
      Map.entry(21610, "The customer has opted out of SMS (replied STOP); they must text START to this number before they can get messages again."),
      Map.entry(21612, "Twilio cannot send from this inbox's number to the customer's number (their carrier or number type is not supported)."),
      Map.entry(21614, "The customer's number is not a mobile number, so it cannot receive SMS."),
      Map.entry(21617, "The message is too long for SMS (over 1,600 characters); shorten it and send again."),
      Map.entry(21635, "The customer's number is a landline, so it cannot receive SMS."),
      Map.entry(21659, "This inbox's phone number does not belong to its Twilio account; an admin must fix the inbox settings."),
      Map.entry(21660, "This inbox's phone number does not belong to its Twilio account; an admin must fix the inbox settings."));

  /** Reasons a sent message was not delivered (status callbacks' {@code ErrorCode}). */
  private static final Map<Integer, String> UNDELIVERED = Map.ofEntries(
      Map.entry(30001, "Twilio's queue for this number was full, so the message was dropped; send it again later."),
      Map.entry(30002, "The Twilio account is suspended; an admin must contact Twilio."),
      Map.entry(30003, "The customer's phone is unreachable (switched off or out of coverage)."),
      Map.entry(30004, "The message was blocked: the customer may have blocked this number, or their carrier blocks it."),
      Map.entry(30005, "The customer's number does not exist or is no longer in service."),
      Map.entry(30006, "The customer's number is a landline or its carrier cannot receive SMS."),
      Map.entry(30007, "The customer's carrier filtered the message (for example as spam), so it was not delivered."),
      Map.entry(30008, "The carrier could not deliver the message for an unknown reason; try sending again later."),
      Map.entry(30010, "The message cost more than the maximum price set for it, so Twilio did not send it."),
      Map.entry(30032, "The message was blocked because this inbox's toll-free number is not verified; an admin must verify it in Twilio."),
      Map.entry(30034, "The message was blocked because this inbox's US number is not registered for A2P 10DLC; an admin must register it in Twilio."));

  /** Passing trouble: too many queued messages, rate limits. */
  private static final java.util.Set<Integer> TRANSIENT_CODES = java.util.Set.of(20429, 21611);

  private TwilioErrors() {}

  /**
   * Whether the hub should try again later: no answer, a timeout, Twilio's 5xx or a rate limit. The
   * SDK reports an I/O failure as an {@link ApiException} without a status.
   */
  static boolean isTransient(Throwable e) {
    if (e instanceof ApiConnectionException) {
      return true;
    }
    if (e instanceof ApiException api) {
      Integer status = api.getStatusCode();
      Integer code = api.getCode();
      if (code != null && TRANSIENT_CODES.contains(code)) {
        return true;
      }
      return status == null || status == 429 || status >= 500;
    }
    return true;
  }

  /** Why Twilio refused to send, in words for the agent. */
  static String refused(ApiException e) {
    Integer code = e.getCode();
    if (code != null && REFUSED.containsKey(code)) {
      return REFUSED.get(code);
    }
    if (code != null && UNDELIVERED.containsKey(code)) {
      return UNDELIVERED.get(code);
    }
    Integer status = e.getStatusCode();
    if (status != null && status == 401) {
      return REFUSED.get(20003);
    }
    String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
    return "Twilio refused the message" + (code == null ? "" : " (error " + code + ")") + detail;
  }

  /** Why a message Twilio accepted did not arrive, from a status callback's {@code ErrorCode}. */
  static String undelivered(Integer code) {
    if (code == null) {
      return "The customer's carrier could not deliver the message.";
    }
    String words = UNDELIVERED.getOrDefault(code, REFUSED.get(code));
    return words != null ? words : "The message could not be delivered (Twilio error " + code + ").";
  }
}
