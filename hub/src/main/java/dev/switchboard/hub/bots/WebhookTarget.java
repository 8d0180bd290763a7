package dev.switchboard.hub.bots;

import dev.switchboard.hub.HubError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may go. A URL whose host resolves to a loopback, private (RFC 1918, fc00::/7),
 * link-local (169.254/16, fe80::/10), unspecified or multicast address is refused, so a bot's
 * URL cannot make the hub call into its own network (SSRF) — unless the deployment
 * ({@code SWITCHBOARD_ALLOW_PRIVATE_WEBHOOKS}) or an admin for that bot allows it. Checked when the URL
 * is saved and again before every send (DNS answers change); the send then goes to the address
 * that was checked, so a second DNS answer cannot slip in between. Resolving blocks, so it runs on
 * a worker thread, never an event loop.
 */
public final class WebhookTarget {

  /** A checked target: the URL and the address to connect to. */
  public record Resolved(URI uri, InetAddress address, int port) {}

  public static final int MAX_URL = 2000;

  private final Vertx vertx;
  private final boolean allowPrivateEverywhere;

  public WebhookTarget(Vertx vertx, boolean allowPrivateEverywhere) {
    this.vertx = vertx;
    this.allowPrivateEverywhere = allowPrivateEverywhere;
  }

  /** The URL's shape alone: absolute http(s) with a host, no user info; a 400 otherwise. */
  public static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw HubError.invalid("webhook_url is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw HubError.invalid("webhook_url must be an absolute http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw HubError.invalid("webhook_url must not hold a user name or password");
    }
    return uri;
  }

  /**
   * Resolves the URL's host and checks every address it has; fails with a 400 {@link HubError} when
   * one is private and neither switch allows it.
   */
  public Future<Resolved> check(String url, boolean allowPrivate) {
    URI uri;
    try {
      uri = parse(url);
    } catch (HubError e) {
      return Future.failedFuture(e);
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return vertx.executeBlocking(() -> {
      InetAddress[] all;
      try {
        all = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw HubError.invalid("the webhook URL's host " + host + " does not resolve");
      }
      if (!(allowPrivate || allowPrivateEverywhere)) {
        for (InetAddress a : all) {
          if (isPrivate(a)) {
            throw HubError.invalid("the webhook URL's host resolves to a private, loopback or link-local address ("
                + a.getHostAddress() + "); an admin may allow it for this bot with allow_private_network");
          }
        }
      }
      return new Resolved(uri, all[0], port);
    }, false);
  }

  /** Loopback, RFC 1918, fc00::/7, link-local, unspecified, multicast. */
  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      // an IPv4 address inside IPv6 (::ffff:a.b.c.d, ::a.b.c.d): judge the IPv4 address
      boolean zeros = true;
      for (int i = 0; i < 10; i++) {
        zeros &= b[i] == 0;
      }
      if (zeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      return false;
    }
    // 0.0.0.0/8 ("this network") and 100.64.0.0/10 (carrier-grade NAT) are not the internet either
    return (b[0] & 0xff) == 0 || ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
  }
}
