package dev.switchboard.connectors.sms;

import com.twilio.http.TwilioRestClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TwilioRestClient} per inbox, rebuilt when the inbox's account, token or API base URL
 * changes (inboxes are edited without a restart).
 */
final class TwilioClients {

  /** {@code fingerprint} holds the auth token: never printed. */
  private record Entry(String fingerprint, TwilioRestClient client) {
    @Override
    public String toString() {
      return "TwilioClients.Entry";
    }
  }

  private final Map<String, Entry> clients = new ConcurrentHashMap<>();

  TwilioRestClient client(SmsInbox inbox) {
    String fingerprint = inbox.accountSid() + "\n" + inbox.authToken() + "\n" + inbox.apiBaseUrl();
    return clients.compute(inbox.id(), (id, entry) ->
        entry != null && entry.fingerprint().equals(fingerprint) ? entry : new Entry(fingerprint, build(inbox))).client();
  }

  private static TwilioRestClient build(SmsInbox inbox) {
    return new TwilioRestClient.Builder(inbox.accountSid(), inbox.authToken())
        .httpClient(new TwilioHttpClient(inbox.usesTwilioApi() ? null : inbox.apiBaseUrl()))
        .build();
  }
}
