package dev.switchboard.connectors.sms;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import io.vertx.core.Context;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client under an inbox's {@link com.twilio.http.TwilioRestClient}: the SDK's own
 * {@link NetworkHttpClient}, with two additions.
 *
 * <ul>
 *   <li>It sends to the inbox's {@code api_base_url} (a regional edge, a test server) instead of the
 *       {@code https://api.twilio.com} the SDK builds every URL on. The SDK has no base-URL setting,
 *       but a {@code TwilioRestClient} takes any {@link HttpClient}: each request is copied onto the
 *       new base. (The SDK's retries on 5xx stay in {@link HttpClient#reliableRequest}.)
 *   <li>It refuses to run on a Vert.x event loop: the SDK blocks, so a call from a loop is a bug.
 * </ul>
 */
final class TwilioHttpClient extends HttpClient {

  private final NetworkHttpClient network = new NetworkHttpClient();
  private final URI base;

  /**
   * @param baseUrl scheme, host, optional port and path prefix ({@code http://127.0.0.1:8089}), or
   *                {@code null} to keep the SDK's own Twilio URLs
   */
  TwilioHttpClient(String baseUrl) {
    this.base = baseUrl == null ? null : URI.create(baseUrl);
  }

  @Override
  public Response makeRequest(Request request) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("the Twilio SDK blocks; call it from a worker, not an event loop");
    }
    return network.makeRequest(base == null ? request : rebased(request));
  }

  private Request rebased(Request original) {
    URI sdkUrl = URI.create(original.getUrl());
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    String url = base.getScheme() + "://" + base.getRawAuthority() + prefix + sdkUrl.getRawPath();
    Request copy = new FixedUrlRequest(original, url);
    copyParams(original.getQueryParams(), copy::addQueryParam);
    copyParams(original.getPostParams(), copy::addPostParam);
    copyParams(original.getHeaderParams(), copy::addHeaderParam);
    if (original.getAuthStrategy() != null) {
      copy.setAuth(original.getAuthStrategy());
    } else if (original.getUsername() != null) {
      copy.setAuth(original.getUsername(), original.getPassword());
    }
    copy.setContentType(original.getContentType());
    copy.setBody(original.getBody());
    copy.setUserAgentExtensions(original.getUserAgentExtensions());
    return copy;
  }

  private static void copyParams(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
    from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
  }

  /**
   * A request whose URL is taken as given: the SDK would otherwise rewrite the host for Twilio's
   * {@code product.edge.region.twilio.com} naming.
   */
  private static final class FixedUrlRequest extends Request {

    FixedUrlRequest(Request original, String url) {
      super(original.getMethod(), url);
    }

    @Override
    protected String buildURL() {
      return url;
    }
  }
}
