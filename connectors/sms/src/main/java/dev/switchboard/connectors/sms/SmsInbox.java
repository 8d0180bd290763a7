package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.json.JsonObject;

/**
 * An {@code sms} inbox's configuration, read from its {@link InboxConfig}. {@link #toString()}
 * leaves the auth token out, so the record can be logged.
 *
 * @param apiBaseUrl Twilio's REST API root ({@code https://api.twilio.com}) unless configured otherwise
 */
record SmsInbox(String id, String accountSid, String authToken, String phoneNumber, String apiBaseUrl) {

  static final String TWILIO_API = "https://api.twilio.com";

  static SmsInbox from(InboxConfig inbox) {
    JsonObject c = inbox.config() == null ? new JsonObject() : inbox.config();
    String base = c.getString("api_base_url");
    base = base == null || base.isBlank() ? TWILIO_API : base.trim();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return new SmsInbox(inbox.id(), trimmed(c.getString("account_sid")), c.getString("auth_token"),
        Identity.e164(c.getString("phone_number")), base);
  }

  /** Has what it takes to verify webhooks and send messages. */
  boolean usable() {
    return accountSid != null && authToken != null && !authToken.isEmpty() && phoneNumber != null;
  }

  boolean usesTwilioApi() {
    return TWILIO_API.equals(apiBaseUrl);
  }

  private static String trimmed(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "SmsInbox[id=" + id + ", accountSid=" + accountSid + ", phoneNumber=" + phoneNumber
        + ", apiBaseUrl=" + apiBaseUrl + "]";
  }
}
