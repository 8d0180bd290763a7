package dev.switchboard.connectors.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reply windows as the hub checks them: 24 hours for anyone, longer for a human agent where the channel says so. */
class ChannelCapabilitiesTest {

  private static final ChannelCapabilities WHATSAPP = ChannelCapabilities.outbox().withReplyWindow(Duration.ofHours(24));
  private static final ChannelCapabilities MESSENGER = WHATSAPP.withAgentReplyWindow(Duration.ofDays(7));

  @Test
  void withoutAWindowAnyReplyMayGo() {
    assertTrue(ChannelCapabilities.outbox().mayReplyFreely(null, false));
    assertTrue(ChannelCapabilities.outbox().mayReplyFreely(Duration.ofDays(400), false));
  }

  @Test
  void aWindowClosesAfterItsLengthAndIsClosedWhenTheCustomerNeverWrote() {
    assertTrue(WHATSAPP.mayReplyFreely(Duration.ofHours(23), false));
    assertFalse(WHATSAPP.mayReplyFreely(Duration.ofHours(25), true), "no agent window on WhatsApp");
    assertFalse(WHATSAPP.mayReplyFreely(null, true));
  }

  @Test
  void anAgentWindowIsForHumanAgentsOnly() {
    assertTrue(MESSENGER.mayReplyFreely(Duration.ofDays(3), true));
    assertFalse(MESSENGER.mayReplyFreely(Duration.ofDays(3), false), "a bot's reply after 24 hours");
    assertFalse(MESSENGER.mayReplyFreely(Duration.ofDays(8), true));
  }

  @Test
  void anAgentWindowMustExtendAReplyWindow() {
    assertThrows(IllegalArgumentException.class, () -> ChannelCapabilities.outbox().withAgentReplyWindow(Duration.ofDays(7)));
    assertThrows(IllegalArgumentException.class, () -> WHATSAPP.withAgentReplyWindow(Duration.ofHours(1)));
  }
}
