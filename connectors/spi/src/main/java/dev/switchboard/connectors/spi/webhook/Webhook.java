package dev.switchboard.connectors.spi.webhook;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.InboundRejectedException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's webhook ({@code POST /webhooks/…}), with what every provider needs from it:
 *
 * <ol>
 *   <li>a body limit (413 beyond it);
 *   <li>a {@link Check} that proves who sent the request (a signature) and finds what it belongs to
 *       (the inbox), before anything is parsed or stored;
 *   <li>a {@link Handler} whose future completes once the hub committed: only then is the provider
 *       answered with the {@linkplain Builder#acknowledgeWith acknowledgement}. A message the hub
 *       refused for good ({@link InboundRejectedException}) is acknowledged too, since a retry cannot
 *       help; any other failure is a 500, so the provider retries later;
 *   <li>refusals as JSON {@code {error, message}} with their {@link WebhookError#status() status}.
 * </ol>
 *
 * <pre>{@code
 * context.mountWebhook(Webhook.post("/webhooks/acme")
 *     .acknowledgeWith(WebhookReply.ok())
 *     .verify(request -> inboxSigning(request))
 *     .handle((inbox, request) -> context.receive(parse(inbox, request))));
 * }</pre>
 *
 * A connector hands the finished webhook to {@link ConnectorContext#mountWebhook}; the hub mounts it.
 */
public final class Webhook {

  /** What a webhook body may weigh unless a connector says otherwise: providers send small forms and JSON. */
  public static final int DEFAULT_BODY_LIMIT = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(Webhook.class);

  /**
   * Proves a request came from the provider and finds what it belongs to (usually the inbox whose
   * secret signed it). Fails with a {@link WebhookError} to refuse it.
   */
  @FunctionalInterface
  public interface Check<S> {
    Future<S> verify(WebhookRequest request);
  }

  /**
   * Does the webhook's work with what {@link Check} found; the future completes after the hub
   * committed ({@link ConnectorContext#receive}, {@link ConnectorContext#receipt}, …). Fails with a
   * {@link WebhookError} to refuse the request.
   */
  @FunctionalInterface
  public interface Handler<S> {
    Future<?> handle(S sender, WebhookRequest request);
  }

  /**
   * Answers a provider's {@code GET} on a webhook's path: a subscription check such as Meta's
   * {@code hub.challenge}. Completes with the reply, or fails with a {@link WebhookError}.
   */
  @FunctionalInterface
  public interface Challenge {
    Future<WebhookReply> answer(WebhookRequest request);
  }

  private final String path;
  private final Challenge challenge;
  private final int bodyLimit;
  private final WebhookReply acknowledgement;
  private final Function<WebhookRequest, String> label;
  private final Check<?> check;
  private final Handler<?> handler;

  private Webhook(Builder<?> b, Handler<?> handler) {
    this.path = b.path;
    this.challenge = null;
    this.bodyLimit = b.bodyLimit;
    this.acknowledgement = b.acknowledgement;
    this.label = b.label;
    this.check = b.check;
    this.handler = handler;
  }

  private Webhook(String path, Challenge challenge) {
    this.path = path;
    this.challenge = challenge;
    this.bodyLimit = 0;
    this.acknowledgement = null;
    this.label = request -> path;
    this.check = null;
    this.handler = null;
  }

  /**
   * A provider's {@code GET} on {@code path} (a subscription check), answered by {@code challenge};
   * mount it next to the {@link #post} webhook of the same path. Refusals are JSON like a POST's.
   */
  public static Webhook get(String path, Challenge challenge) {
    return new Webhook(Objects.requireNonNull(path, "path"), Objects.requireNonNull(challenge, "challenge"));
  }

  /** A webhook the provider POSTs to {@code path} (a Vert.x route path, {@code :param}s allowed). */
  public static Builder<Void> post(String path) {
    return new Builder<>(path, request -> Future.succeededFuture());
  }

  public String path() {
    return path;
  }

  /** Mounts this webhook on a router: the hub does this for {@link ConnectorContext#mountWebhook}. */
  public void mountOn(Router router) {
    if (challenge != null) {
      router.get(path).handler(this::answer);
      return;
    }
    router.post(path)
        .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .handler(this::handle)
        .failureHandler(this::failed);
  }

  private void handle(RoutingContext ctx) {
    // A router-wide body handler mounted earlier wins over ours, so the limit is checked again here.
    if (ctx.body().length() > bodyLimit) {
      WebhookError.tooLarge(bodyLimit).send(ctx.response());
      return;
    }
    WebhookRequest request = new WebhookRequest(ctx);
    run(request).onComplete(done -> {
      if (ctx.response().ended()) {
        return;
      }
      if (done.succeeded()) {
        acknowledgement.send(ctx.response());
      } else {
        refuse(ctx, request, done.cause());
      }
    });
  }

  private void answer(RoutingContext ctx) {
    WebhookRequest request = new WebhookRequest(ctx);
    Future<WebhookReply> answered;
    try {
      answered = challenge.answer(request);
    } catch (RuntimeException e) {
      answered = Future.failedFuture(e);
    }
    answered.onComplete(done -> {
      if (ctx.response().ended()) {
        return;
      }
      if (done.succeeded()) {
        done.result().send(ctx.response());
      } else {
        refuse(ctx, request, done.cause());
      }
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Future<?> run(WebhookRequest request) {
    try {
      return ((Check) check).verify(request).compose(sender -> ((Handler) handler).handle(sender, request));
    } catch (RuntimeException e) {
      // a payload that makes parsing throw is answered like any other failure, never left hanging
      return Future.failedFuture(e);
    }
  }

  private void refuse(RoutingContext ctx, WebhookRequest request, Throwable e) {
    if (e instanceof WebhookError refused) {
      refused.send(ctx.response());
    } else if (e instanceof InboundRejectedException) {
      log.info("{}: set aside for an admin: {}", label.apply(request), e.getMessage());
      acknowledgement.send(ctx.response());
    } else {
      log.warn("{}: {}", label.apply(request), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      WebhookError.internal().send(ctx.response());
    }
  }

  /** The body handler's own refusals (413, an unreadable form) in the same JSON as ours. */
  private void failed(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.statusCode() == 413) {
      WebhookError.tooLarge(bodyLimit).send(ctx.response());
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      WebhookError.badRequest("The request could not be read.").send(ctx.response());
    } else {
      log.warn("{}: {}", path, ctx.failure() == null ? "status " + ctx.statusCode() : ctx.failure().toString());
      WebhookError.internal().send(ctx.response());
    }
  }

  /**
   * Builds a {@link Webhook}.
   *
   * @param <S> what the {@link Check} finds (the inbox); {@code Void} without a check
   */
  public static final class Builder<S> {

    private final String path;
    private final Check<S> check;
    private int bodyLimit = DEFAULT_BODY_LIMIT;
    private WebhookReply acknowledgement = WebhookReply.ok();
    private Function<WebhookRequest, String> label;

    private Builder(String path, Check<S> check) {
      this.path = Objects.requireNonNull(path, "path");
      this.check = check;
      this.label = request -> path;
    }

    /** Bodies larger than this many bytes are refused with 413 before anything else runs. */
    public Builder<S> bodyLimit(int bytes) {
      this.bodyLimit = bytes;
      return this;
    }

    /** What the provider gets once the work is committed (default: 200 with no body). */
    public Builder<S> acknowledgeWith(WebhookReply reply) {
      this.acknowledgement = Objects.requireNonNull(reply, "reply");
      return this;
    }

    /** How log lines name a request (the provider's message id, …); the path by default. */
    public Builder<S> describedBy(Function<WebhookRequest, String> label) {
      this.label = Objects.requireNonNull(label, "label");
      return this;
    }

    /** Proves every request before the handler sees it; see {@link Check}. */
    public <T> Builder<T> verify(Check<T> check) {
      Builder<T> next = new Builder<>(path, Objects.requireNonNull(check, "check"));
      next.bodyLimit = bodyLimit;
      next.acknowledgement = acknowledgement;
      next.label = label;
      return next;
    }

    /** The finished webhook, for {@link ConnectorContext#mountWebhook}. */
    public Webhook handle(Handler<S> handler) {
      return new Webhook(this, Objects.requireNonNull(handler, "handler"));
    }
  }
}
