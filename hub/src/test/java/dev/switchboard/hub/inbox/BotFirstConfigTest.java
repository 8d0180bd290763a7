package dev.switchboard.hub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-off words as a customer types them: whole words, any case and script, phrases with any spacing. */
class BotFirstConfigTest {

  static BotFirstConfig words(String... words) {
    return BotFirstConfig.of(new JsonObject().put("bot_id", 1).put("handoff_words", new JsonArray(List.of((Object[]) words))));
  }

  @Test
  void theDefaultWordsMatchAsWholeWordsInAnyCase() {
    BotFirstConfig c = BotFirstConfig.of(new JsonObject().put("bot_id", 7));
    assertEquals(7L, c.botId());
    assertEquals(BotFirstConfig.DEFAULT_TIMEOUT, c.timeout());
    assertEquals("human", c.handoffWord("I want a HUMAN!"));
    assertEquals("agent", c.handoffWord("agent please"));
    assertEquals("person", c.handoffWord("a real person, now."));
    assertNull(c.handoffWord("Is your agency open? Humanity, personal, agents"));
    assertNull(c.handoffWord("superhuman_agent"), "an underscore joins words, as in a handle");
    assertNull(c.handoffWord(null));
  }

  @Test
  void wordsOfOtherScriptsAndPhrasesMatchWholeToo() {
    BotFirstConfig c = words("Mensch", "живой оператор", "人工");
    assertEquals("mensch", c.handoffWord("Ich will einen MENSCH sprechen"));
    assertNull(c.handoffWord("Die Menschheit"));
    assertEquals("живой   оператор", c.handoffWord("Дайте ЖИВОЙ   ОПЕРАТОР!").toLowerCase());
    assertNull(c.handoffWord("живой операторский"));
    assertEquals("人工", c.handoffWord("请转 人工 谢谢"));
    assertNull(words("é").handoffWord("café"), "an accented letter is a letter");
    assertNull(words().handoffWord("human"), "no words: only the bot and the timeout hand off");
  }

  @Test
  void aBadValueIsRefusedWhenSavedAndReadAsItsDefault() {
    assertTrue(BotFirstConfig.problems(new JsonObject().put("bot_id", 3).put("bot_timeout_seconds", 60)
        .put("handoff_words", new JsonArray().add("agent"))).isEmpty());
    assertTrue(BotFirstConfig.problems(new JsonObject().putNull("bot_id").putNull("bot_timeout_seconds")).isEmpty(),
        "null removes a key");
    for (JsonObject bad : List.of(new JsonObject().put("bot_id", 0), new JsonObject().put("bot_id", 1.5),
        new JsonObject().put("bot_timeout_seconds", 0), new JsonObject().put("bot_timeout_seconds", 86_401),
        new JsonObject().put("handoff_words", "agent"), new JsonObject().put("handoff_words", new JsonArray().add("!!")),
        new JsonObject().put("handoff_words", new JsonArray().add("x".repeat(101))))) {
      assertEquals(1, BotFirstConfig.problems(bad).size(), bad.encode());
    }
    BotFirstConfig read = BotFirstConfig.of(new JsonObject().put("bot_timeout_seconds", "soon").put("handoff_words", 3));
    assertNull(read.botId());
    assertEquals(BotFirstConfig.DEFAULT_TIMEOUT, read.timeout());
    assertEquals(BotFirstConfig.DEFAULT_WORDS, read.words());
  }
}
