package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.Identity;
import java.util.List;

/**
 * One customer message read from an update: who, what they wrote, the file to fetch, and any identity
 * Telegram vouches is theirs too.
 *
 * @param providerId the idempotency key, {@code tg:{bot id}:{chat id}:{message id}} ({@code …:edit:{update id}}
 *                   for an edit): a retried update gives the same key and is stored once
 * @param from       {@code (telegram, chat id)}: in a private chat, the user's id
 * @param file       the file to download, or {@code null}
 * @param linked     the user's own phone number, when they shared their contact
 */
record TelegramMessage(String providerId, Identity from, String senderName, String body, TelegramFile file,
    List<Identity> linked) {}
