package dev.switchboard.connectors.meta;

import java.util.Map;
import java.util.Set;

/**
 * Meta's error codes in words an agent understands, and which are passing (rate limits, Meta's own
 * trouble: the outbox tries again) and which are for good (no retry helps). Codes: the WhatsApp Cloud
 * API's and the Messenger Platform's error code references.
 */
final class GraphErrors {

  private static final String TOKEN = "Meta did not accept this inbox's access token (expired or revoked); an admin must paste a new one in the inbox settings.";
  private static final String WINDOW = "More than 24 hours have passed since the customer last wrote, so only a template message can be sent now.";

  private static final Map<Integer, String> WHATSAPP = Map.ofEntries(
      Map.entry(0, TOKEN),
      Map.entry(190, TOKEN),
      Map.entry(3, "This inbox's Meta app lacks the permission to send WhatsApp messages; an admin must grant whatsapp_business_messaging."),
      Map.entry(10, "This inbox's access token lacks the permission to send from this number; an admin must check it in Meta's Business settings."),
      Map.entry(200, "This inbox's access token lacks the permission to send from this number; an admin must check it in Meta's Business settings."),
      Map.entry(100, "Meta refused the message as malformed (a parameter is invalid)."),
      Map.entry(368, "This WhatsApp number is temporarily blocked for policy violations; see Meta's Business Support."),
      Map.entry(131005, "Meta denied access to this number; an admin must check the inbox's access token and phone number id."),
      Map.entry(131008, "Meta refused the message because a required part is missing."),
      Map.entry(131009, "Meta refused a value in the message as invalid."),
      Map.entry(131021, "The customer's number is this inbox's own number; a message cannot be sent to itself."),
      Map.entry(131026, "The message could not be delivered: the customer's number may not use WhatsApp, may have blocked this number, or has not accepted WhatsApp's current terms."),
      Map.entry(131030, "This test number may only write to numbers on its allowed list; add the customer's number in Meta's developer dashboard."),
      Map.entry(131031, "This WhatsApp Business account is locked by Meta; an admin must contact Meta."),
      Map.entry(131042, "There is a payment problem with this WhatsApp Business account; an admin must check its payment method."),
      Map.entry(131045, "This number is not registered with the WhatsApp Cloud API; an admin must register it."),
      Map.entry(131047, WINDOW),
      Map.entry(131049, "Meta chose not to deliver this message to keep the customer's experience healthy; try again later or another way."),
      Map.entry(131050, "The customer has stopped marketing messages from this business."),
      Map.entry(131051, "WhatsApp does not support this kind of message."),
      Map.entry(131052, "WhatsApp could not download the customer's media."),
      Map.entry(131053, "WhatsApp could not upload the media of this message."),
      Map.entry(132000, "The number of template parameters does not match the template; check the template's placeholders."),
      Map.entry(132001, "This template does not exist in this language, or is not approved yet."),
      Map.entry(132005, "The template's text is too long once its parameters are filled in."),
      Map.entry(132007, "The template's parameters break WhatsApp's content policy."),
      Map.entry(132012, "A template parameter has the wrong format."),
      Map.entry(132015, "This template is paused for low quality; use another one."),
      Map.entry(132016, "This template is disabled; use another one."),
      Map.entry(133010, "This number is not registered with the WhatsApp Cloud API; an admin must register it."));

  /** Passing trouble: rate limits, Meta's own errors. */
  private static final Set<Integer> WHATSAPP_TRANSIENT = Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131048,
      131056, 133004);

  private static final Map<Integer, String> MESSENGER = Map.ofEntries(
      Map.entry(190, TOKEN),
      Map.entry(10, "Meta refused the message: this page is not allowed to send it (outside the messaging window or without permission)."),
      Map.entry(200, "This inbox's page token lacks the permission to send messages; an admin must grant pages_messaging (Instagram: instagram_manage_messages)."),
      Map.entry(100, "Meta refused the message as malformed, or the customer can no longer be reached from this page."),
      Map.entry(551, "This person is not available right now (they may have blocked the page or deleted their account)."));

  private static final Map<Integer, String> MESSENGER_SUBCODES = Map.ofEntries(
      Map.entry(2018278, "More than 24 hours have passed since the customer last wrote; only a human agent may answer, and only within 7 days."),
      Map.entry(2018065, "More than 24 hours have passed since the customer last wrote; only a human agent may answer, and only within 7 days."),
      Map.entry(2018001, "The customer cannot be found on this page any more (they may have deleted the conversation or their account)."),
      Map.entry(2018108, "The customer cannot receive messages from this page right now."),
      Map.entry(1545041, "This person is not available right now (they may have blocked the page)."));

  private static final Set<Integer> MESSENGER_TRANSIENT = Set.of(1, 2, 4, 17, 32, 613, 1200);

  private GraphErrors() {}

  /** Whether the outbox should try again later (no answer is that too: the caller checks). */
  static boolean isTransient(GraphError e, boolean whatsapp) {
    if (e.status() == 429 || e.status() >= 500) {
      return true;
    }
    Integer code = e.code();
    return code != null && (whatsapp ? WHATSAPP_TRANSIENT : MESSENGER_TRANSIENT).contains(code);
  }

  /** Why WhatsApp refused or did not deliver, in words for the agent ({@code title}: Meta's own). */
  static String whatsapp(Integer code, String title) {
    if (code != null && WHATSAPP.containsKey(code)) {
      return WHATSAPP.get(code);
    }
    String detail = title == null || title.isBlank() ? "" : ": " + title;
    return "WhatsApp did not deliver the message" + (code == null ? "" : " (error " + code + ")") + detail;
  }

  static String whatsapp(GraphError e) {
    if (e.status() == 401 && (e.code() == null || !WHATSAPP.containsKey(e.code()))) {
      return TOKEN;
    }
    return whatsapp(e.code(), e.getMessage());
  }

  /** Why Messenger or Instagram refused, in words for the agent. */
  static String messenger(GraphError e) {
    if (e.subcode() != null && MESSENGER_SUBCODES.containsKey(e.subcode())) {
      return MESSENGER_SUBCODES.get(e.subcode());
    }
    if (e.code() != null && MESSENGER.containsKey(e.code())) {
      return MESSENGER.get(e.code());
    }
    if (e.status() == 401) {
      return TOKEN;
    }
    return "Meta refused the message" + (e.code() == null ? "" : " (error " + e.code() + ")") + ": " + e.getMessage();
  }
}
