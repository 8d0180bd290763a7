package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.conversation.Attachments;
import dev.switchboard.hub.conversation.ConversationService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/attachments/{id}}: a stored file, for signed-in agents only. Only plain images
 * are shown inline; everything else downloads, sandboxed, so a hostile file cannot run in our origin.
 * {@code POST /api/v1/attachments?filename=NAME} with the file as the raw body and its
 * {@code Content-Type}: an agent's upload for a reply to carry ({@code attachment_ids}).
 */
final class AttachmentRoutes {

  private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  /** A media type as {@code type/subtype}, parameters allowed after it. */
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}");
  /** Programs a customer's device might run: an agent never sends these. */
  private static final Set<String> PROGRAM_TYPES = Set.of("application/x-msdownload", "application/x-msdos-program",
      "application/x-executable", "application/x-sh", "application/x-bat", "application/x-msi",
      "application/vnd.microsoft.portable-executable", "application/java-archive", "application/x-apple-diskimage");
  private static final Set<String> PROGRAM_EXTENSIONS = Set.of("exe", "com", "bat", "cmd", "scr", "msi", "dll",
      "ps1", "vbs", "vbe", "js", "jse", "wsf", "jar", "sh", "app", "dmg", "apk", "lnk", "hta", "cpl", "reg");
  static final int MAX_FILENAME_CHARS = 255;

  private final Attachments attachments;
  private final ConversationService conversations;
  private final Visibility visibility;

  AttachmentRoutes(Attachments attachments, ConversationService conversations, Visibility visibility) {
    this.attachments = attachments;
    this.conversations = conversations;
    this.visibility = visibility;
  }

  /**
   * {@code POST ?filename=} with a raw body of at most {@link Attachments#MAX_BYTES} (the route's body
   * limit) → 201 {@code {id, filename, content_type, size, url}}. Programs are refused; the file
   * belongs to no message until a reply of this agent names it.
   */
  void upload(RoutingContext ctx) {
    String filename = filename(ctx.request().getParam("filename"));
    String type = contentType(ctx.request().getHeader("content-type"), filename);
    Buffer content = ctx.body() == null ? null : ctx.body().buffer();
    if (content == null || content.length() == 0) {
      throw HubError.invalid("the body must be the file's bytes (it is empty)");
    }
    if (content.length() > Attachments.MAX_BYTES) {
      throw new HubError(413, "too_large", "a file may hold " + Attachments.MAX_BYTES / (1024 * 1024) + " MB at most");
    }
    attachments.upload(Requests.agent(ctx).id(), filename, type, content)
        .onSuccess(up -> Requests.json(ctx, 201, up.toJson()))
        .onFailure(ctx::fail);
  }

  /** The name without any path, at most 255 characters, no control characters. */
  static String filename(String raw) {
    if (raw == null || raw.isBlank()) {
      throw HubError.invalid("filename is required: POST /api/v1/attachments?filename=NAME");
    }
    String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1).strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > MAX_FILENAME_CHARS
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw HubError.invalid("filename must be a file's name of at most " + MAX_FILENAME_CHARS
          + " characters, without control characters");
    }
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (PROGRAM_EXTENSIONS.contains(ext)) {
      throw HubError.invalid("programs (." + ext + ") cannot be sent to customers");
    }
    return name;
  }

  /** The body's media type, lower-cased, without parameters; programs refused. */
  static String contentType(String header, String filename) {
    if (header == null || header.isBlank()) {
      throw HubError.invalid("Content-Type is required: the file's media type, such as image/png");
    }
    String type = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPE.matcher(type).matches() || type.startsWith("multipart/")) {
      throw HubError.invalid("Content-Type must be the file's media type, such as image/png or application/pdf");
    }
    if (PROGRAM_TYPES.contains(type)) {
      throw HubError.invalid("programs (" + type + ") cannot be sent to customers");
    }
    return type;
  }

  void get(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    Agent me = Requests.agent(ctx);
    attachments.get(id).compose(file -> mayFetch(me, file).map(ok -> ok ? file : null)).onSuccess(file -> {
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

  /**
   * An upload not yet sent is its uploader's (and admins'); a sent file is for whoever may see its
   * conversation ({@link Visibility}), as the conversation's other routes are: ids are sequential,
   * so without this check any agent could read a restricted inbox's files by counting.
   */
  private Future<Boolean> mayFetch(Agent me, Attachments.Stored file) {
    if (file == null) {
      return Future.succeededFuture(false);
    }
    if (file.pending()) {
      return Future.succeededFuture(me.isAdmin() || Long.valueOf(me.id()).equals(file.uploadedBy()));
    }
    if (me.isAdmin() || file.conversationId() == null) {
      return Future.succeededFuture(me.isAdmin());
    }
    return conversations.scope(file.conversationId()).map(scope -> scope != null && visibility.sees(me, scope));
  }
}
