package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.json.JsonObject;

/**
 * A {@code whatsapp}, {@code messenger} or {@code instagram} inbox's configuration. {@link #toString()}
 * leaves the tokens and secrets out, so the record can be logged.
 *
 * @param accountId         what Meta's webhooks name the inbox by: {@code phone_number_id} (WhatsApp),
 *                          {@code page_id} (Messenger), {@code instagram_account_id} (Instagram)
 * @param accessToken       {@code access_token} (WhatsApp) or {@code page_access_token}
 * @param businessAccountId WhatsApp's {@code business_account_id} (the WABA, for its templates), or {@code null}
 * @param apiBaseUrl        the Graph API root, versioned, without a trailing slash
 */
record MetaInbox(String id, String channel, String accountId, String accessToken, String appSecret,
    String verifyToken, String businessAccountId, String apiBaseUrl) {

  static final String GRAPH_API = "https://graph.facebook.com/v21.0";

  static MetaInbox from(InboxConfig inbox) {
    JsonObject c = inbox.config() == null ? new JsonObject() : inbox.config();
    String base = trimmed(c.getString("api_base_url"));
    base = base == null ? GRAPH_API : base;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String accountKey = switch (inbox.channel()) {
      case MetaConnector.WHATSAPP -> "phone_number_id";
      case MetaConnector.MESSENGER -> "page_id";
      default -> "instagram_account_id";
    };
    String tokenKey = MetaConnector.WHATSAPP.equals(inbox.channel()) ? "access_token" : "page_access_token";
    return new MetaInbox(inbox.id(), inbox.channel(), text(c.getValue(accountKey)), trimmed(c.getString(tokenKey)),
        trimmed(c.getString("app_secret")), trimmed(c.getString("verify_token")),
        text(c.getValue("business_account_id")), base);
  }

  /** Has what it takes to verify webhooks and send messages. */
  boolean usable() {
    return accountId != null && accessToken != null && appSecret != null;
  }

  private static String text(Object value) {
    return value == null ? null : trimmed(String.valueOf(value));
  }

  private static String trimmed(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "MetaInbox[id=" + id + ", channel=" + channel + ", accountId=" + accountId + ", apiBaseUrl=" + apiBaseUrl + "]";
  }
}
