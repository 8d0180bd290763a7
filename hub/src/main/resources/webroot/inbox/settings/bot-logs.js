// A bot's delivery log (each event's status, HTTP answer, timing, tries, next try, last error, with
// Retry for dead and failing ones) and its audit log (every API call it made), newest first, a
// page at a time.
import { html, useState, useEffect, useCallback } from '../lib/html.js';
import { get, post } from '../lib/api.js';
import { ErrorText, toast, useFocusOnOpen } from './ui.js';
import { canRetry, deliveryFailed, deliveryStatusText, httpStatusText, durationText, when } from './bot-format.js';

const PAGE = 50;

/**
 * Pages of {@code path} (newest first, {@code ?before=}): the rows so far, the next page's cursor,
 * {@code older()} for the next page, and {@code refresh()}, which reads the newest page again and
 * keeps the older pages already shown.
 */
function usePages(path, field) {
  const [state, setState] = useState({ rows: [], next: null, loading: true, error: null });
  const load = useCallback(async before => {
    setState(s => ({ ...s, loading: true, error: null }));
    try {
      const page = await get(`${path}?limit=${PAGE}${before ? `&before=${before}` : ''}`);
      const fresh = page[field];
      setState(s => {
        if (before) return { rows: [...s.rows, ...fresh], next: page.next_before, loading: false, error: null };
        const oldest = fresh.length ? fresh[fresh.length - 1].id : Infinity;
        const kept = page.next_before === null ? [] : s.rows.filter(r => r.id < oldest);
        return { rows: [...fresh, ...kept], next: kept.length ? s.next : page.next_before, loading: false, error: null };
      });
    } catch (error) {
      setState(s => ({ ...s, loading: false, error }));
    }
  }, [path, field]);
  useEffect(() => { load(null); }, [load]);
  const replace = row => setState(s => ({ ...s, rows: s.rows.map(r => r.id === row.id ? row : r) }));
  return { ...state, refresh: () => load(null), older: () => load(state.next), replace };
}

function LogPanel({ id, title, log, onClose, children }) {
  const panel = useFocusOnOpen();
  return html`<section ref=${panel} class="panel log-panel" id=${id} aria-labelledby=${id + '-title'}>
    <div class="panel-head">
      <h2 id=${id + '-title'}>${title}</h2>
      <span class="spacer"></span>
      <button type="button" class="btn" onClick=${log.refresh} disabled=${log.loading}>Refresh</button>
      <button type="button" class="btn" onClick=${onClose}>Close</button>
    </div>
    <${ErrorText} error=${log.error} />
    ${children}
    ${log.loading && html`<p class="muted" role="status">Loading…</p>`}
    ${log.next && !log.loading && html`<p><button type="button" class="btn" onClick=${log.older}>Older entries</button></p>`}
  </section>`;
}

export function Deliveries({ bot, onClose }) {
  const log = usePages(`/api/v1/bots/${bot.id}/deliveries`, 'deliveries');
  const [retrying, setRetrying] = useState(null);
  const [error, setError] = useState(null);
  const retry = async d => {
    setRetrying(d.id);
    setError(null);
    try {
      log.replace(await post(`/api/v1/bots/${bot.id}/deliveries/${d.id}/retry`));
      toast(`Event ${d.seq} queued again`);
      // the worker tries it within a second or two: show how that went without a click
      setTimeout(log.refresh, 2500);
    } catch (e) {
      setError(e);
    } finally {
      setRetrying(null);
    }
  };
  return html`<${LogPanel} id="bot-deliveries" title=${'Deliveries of ' + bot.name} log=${log} onClose=${onClose}>
    ${!bot.webhook_url && html`<p class="muted">This bot has no webhook URL: its events are only stored, for its socket.</p>`}
    <${ErrorText} error=${error} />
    <div class="table-scroll">
    <table class="list log" aria-label=${'Deliveries of ' + bot.name}>
      <thead><tr><th scope="col">#</th><th scope="col">Event</th><th scope="col">Status</th>
        <th scope="col">HTTP</th><th scope="col">Time</th><th scope="col">Tries</th><th scope="col">Created</th>
        <th scope="col">Next try</th><th scope="col">Last error</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${log.rows.length === 0 && !log.loading && html`<tr><td colspan="10" class="muted">No events yet.</td></tr>`}
        ${log.rows.map(d => html`<tr key=${d.id} class=${'delivery-row' + (deliveryFailed(d) ? ' failed' : '')}
            data-status=${d.status}>
          <td>${d.seq}</td><td class="event">${d.type}</td>
          <td class="status">${deliveryStatusText(d)}${d.delivered_at ? html`<br /><span class="muted">${when(d.delivered_at)}</span>` : ''}</td>
          <td class="http">${httpStatusText(d)}</td>
          <td>${durationText(d.last_duration_ms)}</td>
          <td>${d.attempts} of ${d.max_attempts}</td>
          <td>${when(d.created_at)}</td>
          <td class="next">${when(d.next_attempt_at)}</td>
          <td class="error">${d.last_error || ''}</td>
          <td class="actions">${canRetry(d) && html`<button type="button" class="btn btn-small retry"
            aria-label=${'Retry event ' + d.seq} disabled=${retrying === d.id} onClick=${() => retry(d)}>
            ${retrying === d.id ? 'Retrying…' : 'Retry'}</button>`}</td>
        </tr>`)}
      </tbody>
    </table>
    </div>
  <//>`;
}

export function AuditLog({ bot, onClose }) {
  const log = usePages(`/api/v1/bots/${bot.id}/audit`, 'entries');
  return html`<${LogPanel} id="bot-audit" title=${'Audit log of ' + bot.name} log=${log} onClose=${onClose}>
    <table class="list log" aria-label=${'Audit log of ' + bot.name}>
      <thead><tr><th scope="col">When</th><th scope="col">Call</th><th scope="col">Answer</th>
        <th scope="col">Time</th></tr></thead>
      <tbody>
        ${log.rows.length === 0 && !log.loading && html`<tr><td colspan="4" class="muted">No calls yet.</td></tr>`}
        ${log.rows.map(a => html`<tr key=${a.id} class="audit-row">
          <td>${when(a.at)}</td><td class="call"><code>${a.method} ${a.path}</code></td>
          <td>${a.status}</td><td>${durationText(a.duration_ms)}</td>
        </tr>`)}
      </tbody>
    </table>
  <//>`;
}
