package dev.switchboard.connectors.sms;

import com.twilio.security.RequestValidator;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature} the way Twilio computes it: over the URL Twilio was configured to
 * call ({@code SWITCHBOARD_PUBLIC_URL} + path + query) and the POST parameters, keyed with the
 * account's auth token. The SDK's {@link RequestValidator} does the HMAC and the constant-time compare.
 */
final class TwilioSignature {

  static final String HEADER = "X-Twilio-Signature";

  private final String publicUrl;

  TwilioSignature(String publicUrl) {
    String u = publicUrl == null ? "" : publicUrl.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    this.publicUrl = u;
  }

  /** The URL Twilio signed: what it was told to call, not what this node sees behind a proxy. */
  String signedUrl(WebhookRequest request) {
    return publicUrl + request.uri();
  }

  boolean valid(WebhookRequest request, String authToken) {
    String signature = request.header(HEADER);
    if (signature == null) {
      return false;
    }
    Map<String, String> params = new HashMap<>();
    request.form().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    return new RequestValidator(authToken).validate(signedUrl(request), params, signature);
  }
}
