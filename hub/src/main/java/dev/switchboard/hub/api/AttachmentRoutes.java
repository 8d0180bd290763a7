package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.conversation.Attachments;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code GET /api/v1/attachments/{id}}: a stored file, for signed-in agents only. Only plain images
 * are shown inline; everything else downloads, sandboxed, so a hostile file cannot run in our origin.
 */
final class AttachmentRoutes {

  private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private final Attachments attachments;

  AttachmentRoutes(Attachments attachments) {
    this.attachments = attachments;
  }

  void get(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    attachments.get(id).onSuccess(file -> {
      if (file == null) {
        ctx.fail(HubError.notFound("attachment " + id));
        return;
      }
      String type = file.contentType().toLowerCase(java.util.Locale.ROOT);
      boolean inline = INLINE.contains(type);
      String name = URLEncoder.encode(file.filename(), StandardCharsets.UTF_8).replace("+", "%20");
      ctx.response()
          .putHeader("content-type", inline ? type : "application/octet-stream")
          .putHeader("content-disposition", (inline ? "inline" : "attachment") + "; filename*=UTF-8''" + name)
          .putHeader("content-security-policy", "sandbox; default-src 'none'")
          .putHeader("cache-control", "private, max-age=3600")
          .end(file.content());
    }).onFailure(ctx::fail);
  }
}
