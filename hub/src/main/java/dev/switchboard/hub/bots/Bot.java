package dev.switchboard.hub.bots;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * A bot account: an integration that acts through the REST API with its own token, limited to its
 * {@code scopes} and the conversations of its {@code inboxIds}, and hears their events as signed
 * webhooks at {@code webhookUrl}. Its token and webhook secret never leave {@link Bots} after they
 * are made (create and rotate answer them once).
 */
public record Bot(
    long id,
    String name,
    String webhookUrl,
    Set<BotScope> scopes,
    List<Long> inboxIds,
    boolean allowPrivateNetwork,
    boolean active,
    String disabledReason,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Endpoint endpoint) {

  /**
   * How the webhook endpoint is doing: failed tries in a row, since when, and until when no event is
   * tried (all null or 0 when it is fine).
   */
  public record Endpoint(int failures, OffsetDateTime failingSince, OffsetDateTime pausedUntil) {

    JsonObject toJson() {
      return new JsonObject().put("failures", failures)
          .put("failing_since", failingSince == null ? null : failingSince.toInstant().toString())
          .put("paused_until", pausedUntil == null ? null : pausedUntil.toInstant().toString());
    }
  }

  public boolean has(BotScope scope) {
    return scopes.contains(scope);
  }

  /** Whether the bot serves conversations of this inbox ({@code null}: one no bot serves). */
  public boolean serves(Long inboxId) {
    return inboxId != null && inboxIds.contains(inboxId);
  }

  /** What an admin sees: never the token or the secret. */
  public JsonObject toJson() {
    JsonArray s = new JsonArray();
    scopes.stream().sorted().forEach(x -> s.add(x.wire()));
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("webhook_url", webhookUrl)
        .put("scopes", s)
        .put("inbox_ids", new JsonArray(List.copyOf(inboxIds)))
        .put("allow_private_network", allowPrivateNetwork)
        .put("active", active)
        .put("disabled_reason", disabledReason)
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString())
        .put("endpoint", endpoint.toJson());
  }
}
