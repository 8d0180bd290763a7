package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.inbox.InboxService;
import dev.switchboard.hub.kb.Article;
import dev.switchboard.hub.kb.Articles;
import dev.switchboard.hub.kb.KbSearch;
import dev.switchboard.hub.kb.MarkdownRenderer;
import dev.switchboard.hub.kb.SearchHit;
import dev.switchboard.hub.limits.ClientAddress;
import dev.switchboard.hub.limits.RateLimiter;
import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

/**
 * The knowledge base's public side: {@code GET /kb/search?inbox=ID&q=} (published articles, for the
 * widget on the inbox's allowed origins) and {@code GET /kb/articles/{id}} (the article's page, with
 * the hub's strict CSP). Both are rate-limited per client address.
 */
final class KbPages {

  /** Searches one address may run a minute: a visitor typing, far below a scraper. */
  static final int SEARCHES_PER_MINUTE = 60;
  static final int PAGES_PER_MINUTE = 120;

  private final Articles articles;
  private final KbSearch search;
  private final InboxService inboxes;
  private final RateLimiter limiter;
  private final ClientAddress addresses;
  private final Buffer css = StaticPages.resource("webroot/kb/kb.css");

  KbPages(Articles articles, KbSearch search, InboxService inboxes, RateLimiter limiter, ClientAddress addresses) {
    this.articles = articles;
    this.search = search;
    this.inboxes = inboxes;
    this.limiter = limiter;
    this.addresses = addresses;
  }

  /** {@code GET /kb/search?inbox=ID&q=} → {@code [{id, title, snippet, url}]}. */
  void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    String inboxId = ctx.request().getParam("inbox");
    if (q == null || q.length() > KbSearch.MAX_QUERY || q.indexOf('\0') >= 0) {
      throw HubError.invalid("q must be a query of at most " + KbSearch.MAX_QUERY + " characters");
    }
    String origin = ctx.request().getHeader("origin");
    inboxes.enabled(inboxId)
        .recover(e -> Future.failedFuture(HubError.notFound("inbox")))
        .compose(inbox -> {
          if (origin != null && !originAllowed(inbox, origin)) {
            throw HubError.forbidden("this origin may not search this inbox's knowledge base");
          }
          if (origin != null) {
            ctx.response().putHeader("access-control-allow-origin", origin).putHeader("vary", "Origin");
          }
          return limited("kb-search:", SEARCHES_PER_MINUTE, ctx);
        })
        .compose(v -> search.search(q))
        .onSuccess(hits -> {
          JsonArray out = new JsonArray();
          hits.stream().map(SearchHit::toJson).forEach(out::add);
          ctx.response().putHeader("cache-control", "no-store");
          Requests.json(ctx, 200, out);
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET /kb/articles/{id}}: the published article as a page; drafts are a 404. */
  void page(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    limited("kb-page:", PAGES_PER_MINUTE, ctx)
        .compose(v -> articles.published(id))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(HubError.notFound("article " + id));
            return;
          }
          ctx.response().putHeader("content-type", "text/html; charset=utf-8")
              .putHeader("content-security-policy", StaticPages.CSP)
              .putHeader("x-frame-options", "DENY")
              .end(render(found.get()));
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET /kb/kb.css}: the article page's layout (webroot/kb/kb.css). */
  void css(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/css; charset=utf-8").putHeader("cache-control", "public, max-age=300")
        .end(css);
  }

  private Future<Void> limited(String kind, int perMinute, RoutingContext ctx) {
    return limiter.allow(kind + addresses.of(ctx.request()), perMinute, 60).map(ok -> {
      if (!ok) {
        ctx.response().putHeader("retry-after", "60");
        throw new HubError(429, "rate_limited", "too many requests; wait a minute");
      }
      return null;
    });
  }

  /** The same rule as the widget socket's: {@code ["*"]} is any origin. */
  static boolean originAllowed(InboxConfig inbox, String origin) {
    if (!(inbox.config().getValue("allowed_origins") instanceof JsonArray allowed)) {
      return false;
    }
    String o = origin.replaceAll("/+$", "");
    return allowed.stream().anyMatch(a -> "*".equals(a) || (a instanceof String s && s.equalsIgnoreCase(o)));
  }

  /** Built in order, never by replacing markers: an article's text can hold any marker. */
  static String render(Article a) {
    String title = escape(a.title());
    StringBuilder page = new StringBuilder(2048 + a.body().length())
        .append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(title).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"/kb/kb.css\">\n</head>\n<body>\n<main>\n<article>\n")
        .append("<h1>").append(title).append("</h1>\n")
        .append("<p class=\"meta\">Updated ").append(a.updatedAt().toString(), 0, 10).append("</p>\n");
    if (!a.tags().isEmpty()) {
      page.append("<ul class=\"tags\">");
      a.tags().forEach(t -> page.append("<li>").append(escape(t)).append("</li>"));
      page.append("</ul>\n");
    }
    return page.append("<div class=\"body\">").append(MarkdownRenderer.html(a.body())).append("</div>\n")
        .append("</article>\n</main>\n</body>\n</html>\n").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
