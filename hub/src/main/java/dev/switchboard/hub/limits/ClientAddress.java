package dev.switchboard.hub.limits;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a per-address limit counts: the peer, unless the peer is one of
 * {@code SWITCHBOARD_TRUSTED_PROXIES}; then the right-most address in {@code X-Forwarded-For} that
 * is not a trusted proxy (the left part of that header is whatever the client wrote, so never that).
 */
public final class ClientAddress {

  private record Cidr(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int shift = address.length * 8 - bits;
      return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }
  }

  private final List<Cidr> trusted;

  private ClientAddress(List<Cidr> trusted) {
    this.trusted = trusted;
  }

  /**
   * From a comma-separated list of addresses and CIDRs ({@code 10.0.0.0/8, 192.168.1.7, fd00::/8});
   * {@code null} or blank trusts nobody. A malformed entry fails start-up rather than trust too much.
   */
  public static ClientAddress trusting(String proxies) {
    List<Cidr> list = new ArrayList<>();
    if (proxies != null) {
      for (String entry : proxies.split(",")) {
        String e = entry.trim();
        if (!e.isEmpty()) {
          list.add(cidr(e));
        }
      }
    }
    return new ClientAddress(List.copyOf(list));
  }

  /** The client's address for limits and logs. */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String address = peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
    if (trusted.isEmpty() || !isTrusted(address)) {
      return address;
    }
    List<String> hops = new ArrayList<>();
    for (String header : request.headers().getAll("x-forwarded-for")) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] hop = literal(hops.get(i));
      if (hop == null) {
        return address; // a garbled hop: count the proxy itself rather than guess
      }
      if (!isTrusted(hop)) {
        return hops.get(i);
      }
    }
    return address;
  }

  /** Whether a peer is one of the trusted proxies (they carry many clients' connections). */
  public boolean isTrustedPeer(String address) {
    return isTrusted(address);
  }

  private boolean isTrusted(String address) {
    byte[] bytes = literal(address);
    return bytes != null && isTrusted(bytes);
  }

  private boolean isTrusted(byte[] address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static Cidr cidr(String entry) {
    int slash = entry.indexOf('/');
    byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException("SWITCHBOARD_TRUSTED_PROXIES: '" + entry + "' is not an address or CIDR");
    }
    int bits = network.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException("SWITCHBOARD_TRUSTED_PROXIES: bad prefix length in '" + entry + "'");
      }
    }
    return new Cidr(network, bits);
  }

  /** The bytes of an IP literal; {@code null} for anything else (never a DNS lookup). */
  static byte[] literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45 || !text.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    if (!text.contains(":") && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    try {
      byte[] bytes = InetAddress.getByName(text).getAddress();
      // an IPv4-mapped IPv6 literal comes back as IPv4 already; keep the lengths comparable
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
