package dev.switchboard.hub.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable objects (records) through this node's event bus as they are: no copy, no
 * encoding. Never used across the network: other nodes hear events through Redis, as JSON.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {

  public static final String NAME = "sb.local";

  /** Options for sending a record to this node's consumers. */
  public static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(NAME).setLocalOnly(true);

  /** Registers the codec once per Vert.x instance (each hub node has its own). */
  public static synchronized void register(EventBus bus) {
    try {
      bus.registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another component of this node registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("local only");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("local only");
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
