package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.Attachment;
import io.vertx.core.buffer.Buffer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a MIME mail into a {@link ParsedMail}, as forgiving as it can be: an unknown charset falls
 * back to UTF-8 (when the bytes are valid UTF-8) or Windows-1252, an unknown transfer encoding to
 * the raw bytes, a malformed address header to the first thing that looks like an address, a
 * broken multipart to its raw text. Attachments over the per-file or per-mail limit are dropped
 * with a note in the body. Only a mail with no sender address at all is refused
 * ({@link UnreadableMailException}): it cannot be put in anyone's conversation.
 */
final class MimeParser {

  /** Text beyond this per part is not read: a conversation message is not a book. */
  static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;
  private static final int MAX_DEPTH = 16;
  private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+\\.[^\\s<>\"',;:()\\[\\]]+");
  private static final Charset FALLBACK = Charset.forName("windows-1252");

  private final long maxAttachmentBytes;
  private final long maxTotalAttachmentBytes;

  MimeParser(long maxAttachmentBytes, long maxTotalAttachmentBytes) {
    this.maxAttachmentBytes = maxAttachmentBytes;
    this.maxTotalAttachmentBytes = maxTotalAttachmentBytes;
  }

  /** Thrown when not even a sender can be read from a mail. */
  static final class UnreadableMailException extends Exception {
    UnreadableMailException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /**
   * Parses {@code message}. {@code raw} is the mail as the server stores it (for a stable synthesized
   * Message-ID when the mail has none), or {@code null} when the mail was too big to download whole.
   */
  ParsedMail parse(MimeMessage message, byte[] raw) throws UnreadableMailException {
    try {
      Collector out = new Collector();
      walk(message, out, 0);
      Sender sender = sender(message);
      return new ParsedMail(
          messageId(header(message, "Message-ID"), raw, message),
          sender.address,
          sender.name,
          subject(message),
          firstId(header(message, "In-Reply-To")),
          allIds(header(message, "References")),
          out.text.length() == 0 ? null : out.text.toString(),
          out.html.length() == 0 ? null : out.html.toString(),
          out.attachments,
          out.notes,
          AutomatedMail.kind(name -> header(message, name), sender.address));
    } catch (UnreadableMailException e) {
      throw e;
    } catch (Exception | StackOverflowError e) {
      if (raw == null) {
        throw new UnreadableMailException("cannot parse: " + e, e);
      }
      return bestEffort(raw, e);
    }
  }

  /**
   * The last resort for a mail the MIME parser gave up on: its headers as far as they can be read,
   * and everything after them as text.
   */
  ParsedMail bestEffort(byte[] raw, Throwable why) throws UnreadableMailException {
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(raw);
      InternetHeaders headers = new InternetHeaders(in);
      byte[] rest = in.readNBytes(MAX_TEXT_BYTES);
      String from = headers.getHeader("From", ",");
      Sender sender = senderOf(from);
      String subject = headers.getHeader("Subject", null);
      String text = decode(rest, null);
      List<String> notes = List.of("[this email could not be read completely; its raw text is shown]");
      return new ParsedMail(
          messageId(headers.getHeader("Message-ID", null), raw, null),
          sender.address,
          sender.name,
          subject == null ? null : decodeHeader(subject),
          firstId(headers.getHeader("In-Reply-To", null)),
          allIds(headers.getHeader("References", " ")),
          text,
          null,
          List.of(),
          notes,
          AutomatedMail.kind(name -> headers.getHeader(name, ","), sender.address));
    } catch (UnreadableMailException e) {
      e.addSuppressed(why);
      throw e;
    } catch (Exception e) {
      e.addSuppressed(why);
      throw new UnreadableMailException("cannot read even the headers: " + e.getMessage(), e);
    }
  }

  // --- the part tree ---

  private static final class Collector {
    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    final List<Attachment> attachments = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long attachmentBytes;
  }

  private void walk(Part part, Collector out, int depth) throws MessagingException, IOException {
    if (depth > MAX_DEPTH) {
      out.notes.add("[parts nested too deeply were left out]");
      return;
    }
    String type = baseType(part);
    if (type.startsWith("multipart/")) {
      Object content;
      try {
        content = part.getContent();
      } catch (MessagingException | IOException | RuntimeException e) {
        // A multipart whose boundaries are broken: its bytes are still mostly readable text.
        appendText(out.text, decode(readDecoded(part, MAX_TEXT_BYTES), charsetOf(part)));
        return;
      }
      if (content instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          walk(multipart.getBodyPart(i), out, depth + 1);
        }
      } else {
        appendText(out.text, decode(readDecoded(part, MAX_TEXT_BYTES), charsetOf(part)));
      }
      return;
    }
    if (!type.equals("message/rfc822") && !isAttachment(part, type)) {
      if (type.equals("text/html")) {
        appendText(out.html, decode(readDecoded(part, MAX_TEXT_BYTES), charsetOf(part)));
        return;
      }
      if (type.startsWith("text/")) {
        appendText(out.text, decode(readDecoded(part, MAX_TEXT_BYTES), charsetOf(part)));
        return;
      }
    }
    attach(part, type, out);
  }

  private void attach(Part part, String type, Collector out) throws MessagingException, IOException {
    String name = filename(part, type);
    long room = Math.min(maxAttachmentBytes, maxTotalAttachmentBytes - out.attachmentBytes);
    long estimate = estimatedSize(part);
    if (estimate > room) {
      out.notes.add(tooLarge(name, estimate, estimate <= maxAttachmentBytes));
      return;
    }
    byte[] bytes;
    long total;
    try (InputStream in = decodedStream(part)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, room + 1));
      total = bytes.length;
      if (bytes.length > room) {
        total += in.transferTo(OutputStreamNull.INSTANCE);
      }
    }
    if (total > room) {
      out.notes.add(tooLarge(name, total, total <= maxAttachmentBytes));
      return;
    }
    out.attachmentBytes += bytes.length;
    out.attachments.add(new Attachment(name, type, Buffer.buffer(bytes)));
  }

  private String tooLarge(String name, long size, boolean fitsAlone) {
    return fitsAlone
        ? "[attachment " + name + " (" + human(size) + ") was not stored: this email's attachments exceed "
            + human(maxTotalAttachmentBytes) + "]"
        : "[attachment " + name + " (" + human(size) + ") was too large and was not stored]";
  }

  static String human(long bytes) {
    if (bytes >= 1024L * 1024L) {
      return Math.round(bytes / (1024.0 * 1024.0)) + " MB";
    }
    if (bytes >= 1024L) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    return bytes + " bytes";
  }

  private static boolean isAttachment(Part part, String type) {
    String disposition;
    try {
      disposition = part.getDisposition();
    } catch (MessagingException | RuntimeException e) {
      disposition = null;
    }
    if (Part.ATTACHMENT.equalsIgnoreCase(disposition)) {
      return true;
    }
    if (type.equals("text/plain") || type.equals("text/html")) {
      return false;
    }
    if (type.startsWith("text/")) {
      // text/calendar, text/csv, … with a name are files; without one, readable text
      try {
        return part.getFileName() != null;
      } catch (MessagingException | RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  /** Size after transfer decoding, as far as the part says without being read; -1 when unknown. */
  private static long estimatedSize(Part part) {
    try {
      long size = part.getSize();
      if (size < 0) {
        return -1;
      }
      String encoding = part instanceof MimeBodyPart mime ? mime.getEncoding() : null;
      // base64 lines: 76 characters and CRLF carry 57 bytes
      return "base64".equalsIgnoreCase(encoding) ? size * 57 / 78 : size;
    } catch (MessagingException | RuntimeException e) {
      return -1;
    }
  }

  private static String filename(Part part, String type) {
    String name = null;
    try {
      name = part.getFileName();
      if (name != null) {
        name = MimeUtility.decodeText(name);
      }
    } catch (Exception e) {
      // keep the undecoded name, or none
    }
    if (name == null || name.isBlank()) {
      if (type.equals("message/rfc822")) {
        return "message.eml";
      }
      int slash = type.indexOf('/');
      String sub = slash < 0 ? "bin" : type.substring(slash + 1).replaceAll("[^a-z0-9.+-]", "");
      return "attachment." + (sub.isEmpty() ? "bin" : sub);
    }
    // a name, not a path
    name = name.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
    return name.isEmpty() ? "attachment" : name;
  }

  // --- text ---

  private static void appendText(StringBuilder to, String text) {
    if (text == null || text.isBlank()) {
      return;
    }
    if (to.length() > 0) {
      to.append("\n\n");
    }
    to.append(text.replace("\r\n", "\n").replace('\r', '\n'));
  }

  private static String baseType(Part part) {
    String raw;
    try {
      raw = part.getContentType();
    } catch (MessagingException | RuntimeException e) {
      return "text/plain";
    }
    if (raw == null || raw.isBlank()) {
      return "text/plain";
    }
    try {
      return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
    } catch (Exception e) {
      Matcher m = Pattern.compile("^\\s*([\\w.+-]+/[\\w.+-]+)").matcher(raw);
      return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "text/plain";
    }
  }

  private static String charsetOf(Part part) {
    try {
      String raw = part.getContentType();
      if (raw == null) {
        return null;
      }
      try {
        return new ContentType(raw).getParameter("charset");
      } catch (Exception e) {
        Matcher m = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)").matcher(raw);
        return m.find() ? m.group(1) : null;
      }
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code bytes} as text in {@code charsetName}; an unknown or missing charset gets UTF-8 when the
   * bytes are valid UTF-8, else Windows-1252 (a superset of ISO-8859-1 that never fails).
   */
  static String decode(byte[] bytes, String charsetName) {
    Charset charset = charset(charsetName);
    if (charset != null && !charset.equals(StandardCharsets.US_ASCII)) {
      return new String(bytes, charset);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, FALLBACK);
    }
  }

  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return Charset.forName(MimeUtility.javaCharset(name.trim()));
    } catch (Exception e) {
      return null;
    }
  }

  private static InputStream decodedStream(Part part) throws MessagingException, IOException {
    try {
      return part.getInputStream();
    } catch (MessagingException | IOException | RuntimeException e) {
      // unknown Content-Transfer-Encoding: the bytes as they are
      if (part instanceof MimeBodyPart mime) {
        return mime.getRawInputStream();
      }
      if (part instanceof MimeMessage mime) {
        return mime.getRawInputStream();
      }
      throw e;
    }
  }

  private static byte[] readDecoded(Part part, int max) throws MessagingException, IOException {
    try (InputStream in = decodedStream(part)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      try {
        int n;
        while (out.size() < max && (n = in.read(chunk, 0, Math.min(chunk.length, max - out.size()))) > 0) {
          out.write(chunk, 0, n);
        }
      } catch (IOException e) {
        // a decoding error half way (bad quoted-printable, truncated mail): keep what was read
        if (out.size() == 0) {
          throw e;
        }
      }
      return out.toByteArray();
    }
  }

  // --- headers ---

  private record Sender(String address, String name) {}

  private static Sender sender(MimeMessage message) throws UnreadableMailException {
    try {
      Address[] from = message.getFrom();
      if (from != null) {
        for (Address a : from) {
          if (a instanceof InternetAddress ia && ia.getAddress() != null && ia.getAddress().contains("@")) {
            return new Sender(ia.getAddress(), blankToNull(ia.getPersonal()));
          }
        }
      }
    } catch (MessagingException | RuntimeException e) {
      // fall through to the lenient reading of the raw header
    }
    return senderOf(header(message, "From"));
  }

  private static Sender senderOf(String header) throws UnreadableMailException {
    if (header != null) {
      try {
        for (InternetAddress ia : InternetAddress.parseHeader(header, false)) {
          if (ia.getAddress() != null && ADDRESS.matcher(ia.getAddress()).matches()) {
            return new Sender(ia.getAddress(), blankToNull(ia.getPersonal()));
          }
        }
      } catch (Exception e) {
        // try the pattern below
      }
      Matcher m = ADDRESS.matcher(header);
      if (m.find()) {
        return new Sender(m.group(), null);
      }
    }
    throw new UnreadableMailException("no sender address in From: " + (header == null ? "(missing)" : "'" + header + "'"), null);
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException | RuntimeException e) {
      String raw = header(message, "Subject");
      return raw == null ? null : decodeHeader(raw);
    }
  }

  private static String decodeHeader(String raw) {
    try {
      return MimeUtility.decodeText(MimeUtility.unfold(raw));
    } catch (Exception e) {
      return raw;
    }
  }

  private static String header(MimeMessage message, String name) {
    try {
      return message.getHeader(name, " ");
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /** The mail's Message-ID in angle brackets, or a stable one made from a hash of the mail. */
  static String messageId(String header, byte[] raw, MimeMessage message) {
    String id = firstId(header);
    if (id != null) {
      return id;
    }
    if (header != null && !header.isBlank() && header.strip().length() <= 250) {
      return "<" + header.strip().replaceAll("[<>\\s]", "") + ">";
    }
    return "<" + sha256(raw != null ? raw : headerBytes(message)) + "@synthesized.switchboard>";
  }

  static String firstId(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = MESSAGE_ID.matcher(header);
    return m.find() ? m.group() : null;
  }

  static List<String> allIds(String header) {
    List<String> ids = new ArrayList<>();
    if (header != null) {
      Matcher m = MESSAGE_ID.matcher(header);
      while (m.find()) {
        ids.add(m.group());
      }
    }
    return ids;
  }

  private static byte[] headerBytes(MimeMessage message) {
    StringBuilder all = new StringBuilder();
    if (message != null) {
      try {
        message.getAllHeaderLines().asIterator().forEachRemaining(line -> all.append(line).append('\n'));
      } catch (MessagingException | RuntimeException e) {
        // hash what there is
      }
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Counts and forgets: the rest of an attachment too large to keep, so its size can be told. */
  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
