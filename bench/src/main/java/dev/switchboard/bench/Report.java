package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench's output: progress lines for people as phases go, then {@code RESULT name value} lines
 * that scripts/bench turns into its table.
 */
final class Report {

  private static final Map<String, String> results = new LinkedHashMap<>();

  private Report() {}

  static void line(String format, Object... args) {
    System.out.printf("bench: " + format + "%n", args);
    System.out.flush();
  }

  static void result(String name, Object value) {
    results.put(name, value instanceof Double d ? String.format("%.2f", d) : String.valueOf(value));
  }

  static void printResults() {
    results.forEach((k, v) -> System.out.println("RESULT " + k + " " + v));
    System.out.flush();
  }
}
