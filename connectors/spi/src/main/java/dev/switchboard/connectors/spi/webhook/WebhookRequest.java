package dev.switchboard.connectors.spi.webhook;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * A webhook request as a {@link Webhook.Check} and a {@link Webhook.Handler} see it: read-only, its
 * body already read within the limit. Signatures are computed over {@link #body()} (JSON providers)
 * or {@link #uri()} and {@link #form()} (form providers such as Twilio).
 */
public final class WebhookRequest {

  private final RoutingContext ctx;

  WebhookRequest(RoutingContext ctx) {
    this.ctx = ctx;
  }

  /** A header's value, or {@code null} when absent or blank. */
  public String header(String name) {
    String value = ctx.request().getHeader(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The path and query as the request line gave them (not what a proxy in front saw). */
  public String uri() {
    return ctx.request().uri();
  }

  /** A {@code :param} of the webhook's path ({@code /webhooks/telegram/:inbox}). */
  public String pathParam(String name) {
    return ctx.pathParam(name);
  }

  /** A query parameter, or {@code null}. */
  public String queryParam(String name) {
    return ctx.request().getParam(name);
  }

  /** The form fields of a form-encoded body (empty for other bodies). */
  public MultiMap form() {
    return ctx.request().formAttributes();
  }

  /** The raw body, exactly as sent (empty when there was none). */
  public Buffer body() {
    Buffer body = ctx.body().buffer();
    return body == null ? Buffer.buffer() : body;
  }
}
