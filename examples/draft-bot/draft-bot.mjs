#!/usr/bin/env node
// An example Switchboard bot in one file: Node 20, no dependencies, no hub code. It receives the
// hub's signed webhooks, checks them the Standard Webhooks way, and answers each customer message
// with a DRAFT that an agent sends, edits or dismisses in the inbox. Copy it and change act().
//
//   HUB_URL=http://127.0.0.1:8080 BOT_TOKEN=sbbot_… WEBHOOK_SECRET=whsec_… PORT=8093 node draft-bot.mjs
//
// The bot needs the `draft` scope; its webhook_url is http://HOST:PORT/events.
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';

const HUB_URL = (process.env.HUB_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const TOKEN = required('BOT_TOKEN');
const SECRET = required('WEBHOOK_SECRET');
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8093);

const TOLERANCE_SECONDS = 5 * 60; // older (or newer) deliveries are refused: no replays
const MAX_BODY = 256 * 1024;
const KEY = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
const seen = new Map(); // webhook-id → when; the hub retries until it gets a 2xx, act once

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`draft-bot: ${name} is required`);
    process.exit(2);
  }
  return value;
}

/** True when the headers prove the hub sent this exact body within the last few minutes. */
function verify(headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from('v1,' + createHmac('sha256', KEY).update(`${id}.${timestamp}.${body}`).digest('base64'));
  // several signatures may be sent (during a secret rotation): any one will do
  return signatures.split(' ').some((given) => {
    const g = Buffer.from(given);
    return g.length === expected.length && timingSafeEqual(g, expected);
  });
}

/** What the bot does with an event: here, a draft acknowledging each customer message. */
async function act(event) {
  const message = event.data?.message;
  if (event.type !== 'message.created' || message?.author?.type !== 'customer' || message.direction !== 'in') return;
  const conversation = event.data.conversation_id;
  const response = await fetch(`${HUB_URL}/api/v1/conversations/${conversation}/drafts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      body: 'Thanks for your message! We are looking into it and will get back to you shortly.',
      note: 'Suggested by the example draft bot',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the hub answered ${response.status}: ${await response.text()}`);
  console.log(`draft-bot: drafted for conversation ${conversation}`);
}

function answer(res, status, error, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(error ? JSON.stringify({ error, message }) : undefined);
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/events') return answer(res, 404, 'not_found', 'POST /events only');
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      answer(res, 413, 'too_large', 'the body is over 256 KB');
      req.destroy();
    } else {
      chunks.push(chunk);
    }
  });
  req.on('end', () => {
    if (res.writableEnded) return;
    const body = Buffer.concat(chunks).toString('utf8');
    if (!verify(req.headers, body)) return answer(res, 401, 'bad_signature', 'the signature does not check out');
    const id = req.headers['webhook-id'];
    if (seen.has(id)) return answer(res, 204);
    let event;
    try {
      event = JSON.parse(body);
    } catch {
      return answer(res, 400, 'bad_json', 'the body is not JSON');
    }
    seen.set(id, Date.now());
    if (seen.size > 10_000) seen.delete(seen.keys().next().value);
    // answer at once, work afterwards: the hub counts 5 s without an answer as a failure
    answer(res, 202);
    act(event).catch((e) => console.error(`draft-bot: event ${id}: ${e.message}`));
  });
});

server.listen(PORT, HOST, () => console.log(`draft-bot: listening on http://${HOST}:${PORT}/events`));
