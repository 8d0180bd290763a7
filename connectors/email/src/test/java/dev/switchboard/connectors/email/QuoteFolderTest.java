package dev.switchboard.connectors.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuoteFolderTest {

  @Test
  void cutsAtAttributionLines() {
    assertEquals("Yes please.", QuoteFolder.fold("Yes please.\n\nOn Mon, 3 Jun 2024, Ann <a@b.c> wrote:\n> Want it?\n"));
    assertEquals("Ja.", QuoteFolder.fold("Ja.\n\nAm 03.06.2024 um 10:02 schrieb Ann <a@b.c>:\n> Frage\n"));
    assertEquals("Oui.", QuoteFolder.fold("Oui.\n\nLe lun. 3 juin 2024, Ann a écrit :\n> Question\n"));
  }

  @Test
  void cutsOutlookHeaders() {
    assertEquals("Done.", QuoteFolder.fold("Done.\n\n________________________________\nFrom: Acme <s@acme.com>\nSent: Monday\nOld"));
    assertEquals("Done.", QuoteFolder.fold("Done.\n\nFrom: Acme <s@acme.com>\nSent: Monday\nTo: me\n\nOld"));
    assertEquals("Done.", QuoteFolder.fold("Done.\n-----Original Message-----\nOld"));
  }

  @Test
  void dropsInlineQuotesButKeepsAnswers() {
    assertEquals("Answer one\nAnswer two", QuoteFolder.fold("> q1\nAnswer one\n> q2\nAnswer two"));
  }

  @Test
  void keepsEverythingWhenThereIsOnlyAQuote() {
    assertEquals("> just a quote", QuoteFolder.fold("> just a quote\n"));
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertEquals("From: the start we knew.\nOn the way home I wrote it down.",
        QuoteFolder.fold("From: the start we knew.\nOn the way home I wrote it down."));
  }
}
