package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.kb.Article;
import dev.switchboard.hub.kb.Articles;
import dev.switchboard.hub.kb.KbSearch;
import dev.switchboard.hub.kb.MarkdownRenderer;
import dev.switchboard.hub.kb.SearchHit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code /api/v1/kb/articles}: every agent reads the knowledge base (drafts included); admins
 * write it. {@code POST /api/v1/kb/preview} renders Markdown the way the public page will.
 * {@code GET /api/v1/kb/search} is the same search as the widget's, for server-side callers (bots with
 * the {@code read} scope, agents): no origin check or per-address limit, and the articles' bodies.
 *
 * <p>Article bodies can be larger than the API's usual 64 KB (100,000 characters of Markdown,
 * up to 4 bytes each in UTF-8), so these routes get their own body limit in {@link HubRouter}.
 */
final class KbRoutes {

  /** 100,000 characters of UTF-8 plus the JSON around them. */
  static final long MAX_BODY_BYTES = 4L * Articles.MAX_BODY + 16 * 1024;

  /** Bodies in search results are cut here: enough to answer from, bounded for the response. */
  static final int MAX_SEARCH_BODY = 8_000;
  static final int DEFAULT_SEARCH_RESULTS = 5;

  private final Articles articles;
  private final KbSearch search;

  KbRoutes(Articles articles, KbSearch search) {
    this.articles = articles;
    this.search = search;
  }

  /**
   * {@code GET /api/v1/kb/search?q=&limit=} → {@code {results:[{id, title, snippet, url, body,
   * body_truncated}]}}: published articles only, best first; {@code url} is the public page, relative
   * to the hub's public URL.
   */
  void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank() || q.length() > KbSearch.MAX_QUERY) {
      throw HubError.invalid("q must be a query of 1 to " + KbSearch.MAX_QUERY + " characters");
    }
    int limit = (int) Math.max(1, Math.min(KbSearch.MAX_RESULTS,
        Requests.queryLong(ctx, "limit", DEFAULT_SEARCH_RESULTS)));
    search.search(q)
        .compose(hits -> articles.published(hits.stream().limit(limit).map(SearchHit::id).toList())
            .map(bodies -> {
              JsonArray out = new JsonArray();
              for (Article a : bodies) {
                SearchHit hit = hits.stream().filter(h -> h.id() == a.id()).findFirst().orElseThrow();
                boolean cut = a.body().length() > MAX_SEARCH_BODY;
                out.add(hit.toJson().put("body", cut ? a.body().substring(0, MAX_SEARCH_BODY) : a.body())
                    .put("body_truncated", cut));
              }
              return out;
            }))
        .onSuccess(out -> Requests.json(ctx, 200, new JsonObject().put("results", out)))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    articles.list(false).onSuccess(items -> {
      JsonArray all = new JsonArray();
      items.forEach(a -> all.add(a.toJson()));
      Requests.json(ctx, 200, new JsonObject().put("articles", all));
    }).onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    answer(ctx, 200, articles.get(id).map(found -> found.orElseThrow(() -> HubError.notFound("article " + id))));
  }

  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String title = title(body, true);
    String text = Requests.string(body, "body", Articles.MAX_BODY, false);
    List<String> tags = tags(body);
    Boolean published = Requests.bool(body, "published");
    answer(ctx, 201, articles.create(title, text == null ? "" : text, tags == null ? List.of() : tags,
        Boolean.TRUE.equals(published), Requests.agent(ctx).id()));
  }

  /** {@code PATCH {title?, body?, tags?, published?}}: a field left out keeps its value. */
  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    String title = title(body, false);
    String text = Requests.string(body, "body", Articles.MAX_BODY, false);
    List<String> tags = tags(body);
    Boolean published = Requests.bool(body, "published");
    if (title == null && text == null && tags == null && published == null) {
      throw HubError.invalid("give title, body, tags or published");
    }
    answer(ctx, 200, articles.update(id, title, text, tags, published)
        .map(found -> found.orElseThrow(() -> HubError.notFound("article " + id))));
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    articles.delete(id).onSuccess(existed -> {
      if (existed) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(HubError.notFound("article " + id));
      }
    }).onFailure(ctx::fail);
  }

  /** {@code POST {body}} → {@code {html}}: the editor's preview, rendered and sanitized by the hub. */
  void preview(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String text = Requests.string(body, "body", Articles.MAX_BODY, false);
    Requests.json(ctx, 200, new JsonObject().put("html", MarkdownRenderer.html(text == null ? "" : text)));
  }

  private static void answer(RoutingContext ctx, int status, Future<Article> result) {
    result.onSuccess(a -> Requests.json(ctx, status, a.toJson())).onFailure(ctx::fail);
  }

  private static String title(JsonObject body, boolean required) {
    String t = Requests.string(body, "title", Articles.MAX_TITLE, required);
    if (t != null && t.isBlank()) {
      throw HubError.invalid("title must not be empty");
    }
    return t == null ? null : t.strip();
  }

  /** Trimmed, duplicates dropped, order kept. */
  private static List<String> tags(JsonObject body) {
    List<String> tags = Requests.strings(body, "tags", Articles.MAX_TAGS, Articles.MAX_TAG);
    return tags == null ? null : List.copyOf(new LinkedHashSet<>(tags));
  }
}
