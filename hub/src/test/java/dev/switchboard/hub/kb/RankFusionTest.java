package dev.switchboard.hub.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reciprocal rank fusion: ranks, not raw scores, decide. */
class RankFusionTest {

  private static SearchHit hit(long id) {
    return new SearchHit(id, "a" + id, "");
  }

  @Test
  void anArticleBothRankingsFindComesFirstAndEachListsOwnFindsFollowByRank() {
    List<SearchHit> words = List.of(hit(1), hit(2), hit(3));
    List<SearchHit> meaning = List.of(hit(4), hit(3));
    assertEquals(List.of(3L, 1L, 4L, 2L), KbSearch.fuse(words, meaning).stream().map(SearchHit::id).toList());
    assertEquals(List.of(1L, 2L), KbSearch.fuse(List.of(hit(1), hit(2)), List.of()).stream().map(SearchHit::id)
        .toList(), "without meaning, the full-text order stands");
  }
}
