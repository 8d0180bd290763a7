package dev.switchboard.hub.limits;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void trustsAddressesAndRangesOnly() {
    ClientAddress proxies = ClientAddress.trusting("10.0.0.0/8, 192.168.1.7 ,fd00::/8");
    assertTrue(proxies.isTrustedPeer("10.200.3.4"));
    assertTrue(proxies.isTrustedPeer("192.168.1.7"));
    assertFalse(proxies.isTrustedPeer("192.168.1.8"));
    assertTrue(proxies.isTrustedPeer("fd12::1"));
    assertFalse(proxies.isTrustedPeer("11.0.0.1"));
    assertFalse(proxies.isTrustedPeer("proxy.example.com"), "names are never looked up");
    assertFalse(ClientAddress.trusting(null).isTrustedPeer("127.0.0.1"));
  }

  @Test
  void aMalformedSettingStopsStartUpInsteadOfTrustingTooMuch() {
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.trusting("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.trusting("lb.internal"));
  }
}
