package dev.switchboard.connectors.testkit.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Calls the hub's webhooks the way Twilio does: form-encoded POSTs signed with
 * {@code X-Twilio-Signature}. The signature is computed here from Twilio's description (HMAC-SHA1 of
 * the full URL followed by every POST parameter's name and value, sorted by name; base64), not with
 * the SDK, so a passing test shows the connector agrees with Twilio, not merely with itself.
 */
public final class TwilioWebhooks {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static String signature(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An inbound webhook's parameters as Twilio sends them for an SMS from {@code from} to our number
   * {@code to}, in Twilio's order (a mutable map: tests take fields away or change them).
   */
  public static Map<String, String> inboundSms(String sid, String from, String to, String body) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ToCountry", "US");
    p.put("ToState", "CA");
    p.put("SmsMessageSid", sid);
    p.put("NumMedia", "0");
    p.put("ToCity", "SAN FRANCISCO");
    p.put("FromZip", "");
    p.put("SmsSid", sid);
    p.put("FromState", "");
    p.put("SmsStatus", "received");
    p.put("FromCity", "");
    p.put("Body", body);
    p.put("FromCountry", "DE");
    p.put("To", to);
    p.put("ToZip", "94105");
    p.put("NumSegments", "1");
    p.put("MessageSid", sid);
    p.put("AccountSid", FakeTwilio.ACCOUNT);
    p.put("From", from);
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  /**
   * A status callback's parameters as Twilio sends them for a message sent from our number
   * {@code from} to {@code to}; {@code errorCode} only when not {@code null}.
   */
  public static Map<String, String> statusCallback(String sid, String from, String to, String messageStatus, String errorCode) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("SmsSid", sid);
    p.put("SmsStatus", messageStatus);
    p.put("MessageStatus", messageStatus);
    p.put("To", to);
    p.put("MessageSid", sid);
    p.put("AccountSid", FakeTwilio.ACCOUNT);
    p.put("From", from);
    p.put("ApiVersion", "2010-04-01");
    if (errorCode != null) {
      p.put("ErrorCode", errorCode);
    }
    return p;
  }

  /** A POST signed over {@code url} with {@code authToken}. */
  public HttpResponse<String> signed(String url, String authToken, Map<String, String> params) {
    return post(url, params, signature(authToken, url, params));
  }

  /** A POST with the given signature header, or none when {@code signature} is {@code null}. */
  public HttpResponse<String> post(String url, Map<String, String> params, String signature) {
    String form = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .header("User-Agent", "TwilioProxy/1.1")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
