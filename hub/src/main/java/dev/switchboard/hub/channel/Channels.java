package dev.switchboard.hub.channel;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.Connector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The channels this hub serves, as their connectors describe them. Everything the hub knows about a
 * channel (which exist, their secrets, where replies go) comes from here, so a new channel is a new
 * connector module on the class path and nothing else.
 */
public final class Channels {

  private final List<Connector> connectors;
  private final Map<String, ChannelDescriptor> descriptors = new LinkedHashMap<>();
  private final Map<String, Connector> byChannel = new LinkedHashMap<>();

  private Channels(List<Connector> connectors) {
    this.connectors = List.copyOf(connectors);
    for (Connector c : this.connectors) {
      for (ChannelDescriptor d : c.channels()) {
        Connector other = byChannel.putIfAbsent(d.name(), c);
        if (other != null) {
          // two connectors for one channel is a packaging mistake; refuse to guess which one sends
          throw new IllegalStateException("channel " + d.name() + " is served by both "
              + other.getClass().getName() + " and " + c.getClass().getName());
        }
        descriptors.put(d.name(), d);
      }
    }
  }

  /** The connectors on the class path ({@code META-INF/services/dev.switchboard.connectors.spi.Connector}). */
  public static Channels discover() {
    List<Connector> found = new ArrayList<>();
    ServiceLoader.load(Connector.class).forEach(found::add);
    return new Channels(found);
  }

  /** These connectors' channels. */
  public static Channels of(List<Connector> connectors) {
    return new Channels(connectors);
  }

  /** Every connector, once each (a connector may serve several channels). */
  public List<Connector> connectors() {
    return connectors;
  }

  /** Every served channel's descriptor, in the order the connectors were found. */
  public Collection<ChannelDescriptor> descriptors() {
    return descriptors.values();
  }

  /** The names of the served channels. */
  public List<String> names() {
    return List.copyOf(descriptors.keySet());
  }

  public boolean serves(String channel) {
    return channel != null && descriptors.containsKey(channel);
  }

  /** The channel's descriptor, or {@code null} when no connector serves it. */
  public ChannelDescriptor descriptor(String channel) {
    return channel == null ? null : descriptors.get(channel);
  }

  /** The connector serving a channel, or {@code null}. */
  public Connector connector(String channel) {
    return channel == null ? null : byChannel.get(channel);
  }

  /**
   * Which of a customer's identities a reply on this channel is addressed to (a phone number serves
   * SMS and WhatsApp). A channel no connector serves keeps its own name, which matches no identity.
   */
  public String addressKind(String channel) {
    ChannelDescriptor d = descriptor(channel);
    return d == null ? channel : d.identityKind();
  }

  /** Whether replies on this channel go out through the connector's live socket rather than the outbox. */
  public boolean repliesLive(String channel) {
    ChannelDescriptor d = descriptor(channel);
    return d != null && d.capabilities().replies() == ChannelCapabilities.Replies.LIVE_SOCKET;
  }

  /**
   * Where a reply goes when the customer has not written on any channel yet: a live socket reaches
   * whoever watches the conversation without an address. {@code null} when no channel has one.
   */
  public String fallbackReplyChannel() {
    return descriptors.keySet().stream().filter(this::repliesLive).findFirst().orElse(null);
  }
}
