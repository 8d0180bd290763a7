package dev.switchboard.connectors.spi;

import java.util.List;
import java.util.Objects;

/**
 * A provider-approved message template a reply is sent as (WhatsApp needs one outside the 24-hour
 * window): its name, language code and the body's parameters in order ({@code {{1}}}, {@code {{2}}}, …).
 */
public record Template(String name, String language, List<String> parameters) {

  public Template {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(language, "language");
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
  }

  /** How the hub shows a template reply in the conversation, where there is no body of its own. */
  public String describe() {
    return "Template " + name + " (" + language + ")" + (parameters.isEmpty() ? "" : ": " + String.join(", ", parameters));
  }
}
