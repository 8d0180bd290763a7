package dev.switchboard.hub.kb;

import io.vertx.core.json.JsonObject;

/** One search result: {@code url} is the article's public page, relative to the hub. */
public record SearchHit(long id, String title, String snippet) {

  public String url() {
    return "/kb/articles/" + id;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("snippet", snippet).put("url", url());
  }
}
