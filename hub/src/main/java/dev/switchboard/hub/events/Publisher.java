package dev.switchboard.hub.events;

/** Where a feature hands its events once committed; {@link HubEvents} is the real one. */
@FunctionalInterface
public interface Publisher {

  /** Tells every listener on every node. Call it only after the change is committed. */
  void publish(HubEvent event);

  /** For code and tests that need nobody told. */
  Publisher NOBODY = event -> {};
}
