// The list pane: views (Mine / Unassigned / Bot / All / one per team) with live counts, filters, a
// search box, sort, and the conversations, each row keyed by its id.
import { html, useState, useEffect, useRef } from '../lib/html.js';
import { listed } from '../lib/store.js';
import { customerName, previewText, relativeTime, waitingFor } from '../lib/format.js';

const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
const STATUSES = [['open', 'Open'], ['pending', 'Pending'], ['snoozed', 'Snoozed'], ['resolved', 'Resolved'], ['all', 'Any status']];

function count(counts, view) {
  if (!counts) return null;
  const n = view.kind === 'team' ? counts.teams && counts.teams[String(view.teamId)] : counts[view.kind];
  return n == null ? null : n;
}

function ViewTab({ view, label, state, actions }) {
  const active = state.view.kind === view.kind && String(state.view.teamId) === String(view.teamId);
  const n = count(state.counts, view);
  const id = view.kind === 'team' ? `view-team-${view.teamId}` : `view-${view.kind}`;
  return html`
    <button id=${id} type="button" role="tab" class=${'view-tab' + (active ? ' active' : '')}
            aria-selected=${String(active)} onClick=${() => actions.setView(view)}>
      <span class="view-name">${label}</span>
      ${n != null ? html`<span class="view-count" aria-label=${`${n} conversations`}>${n}</span>` : null}
    </button>`;
}

function Row({ conv, selected, unread, agents, onOpen }) {
  const assignee = conv.assignee_id != null && agents[conv.assignee_id];
  const channel = conv.channel || (conv.last_message && conv.last_message.channel);
  const cls = 'conversation-item' + (selected ? ' selected' : '') + (unread ? ' unread' : '') +
    (conv.waiting_since ? ' waiting' : '');
  const key = e => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onOpen(conv.id); }
  };
  return html`
    <li class=${cls} data-id=${String(conv.id)} tabindex="0" aria-current=${selected ? 'true' : undefined}
        onClick=${() => onOpen(conv.id)} onKeyDown=${key}>
      <div class="item-top">
        ${conv.customer && conv.customer.online ? html`<span class="online-dot online" title="Online"></span>` : null}
        <span class="item-name">${customerName(conv)}</span>
        <span class="item-time">${relativeTime(conv.last_message_at || conv.updated_at)}</span>
      </div>
      <div class="item-bottom">
        <span class="item-preview">${previewText(conv)}</span>
        ${unread ? html`<span class="unread-dot" aria-label="unread"></span>` : null}
      </div>
      <div class="item-tags">
        ${channel ? html`<span class=${'badge channel-badge channel-' + channel}>${channel}</span>` : null}
        <span class=${'badge status-badge status-' + conv.status}>${conv.status}</span>
        ${conv.priority && conv.priority !== 'none' ? html`<span class=${'badge priority-' + conv.priority}>${conv.priority}</span>` : null}
        ${conv.waiting_since ? html`<span class="item-waiting" title=${'Waiting since ' + new Date(conv.waiting_since).toLocaleString()}>${waitingFor(conv.waiting_since)}</span>` : null}
        ${conv.bot_id != null ? html`<span class="badge bot-badge" title="A bot answers first until it hands off">bot</span>` : null}
        ${assignee ? html`<span class="item-assignee">${assignee.name}</span>` : null}
      </div>
    </li>`;
}

export function ListPane({ state, actions }) {
  const [q, setQ] = useState(state.filters.q);
  const timer = useRef(null);
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick(x => x + 1), 60000);  // keep relative and waiting times fresh
    return () => clearInterval(t);
  }, []);

  function onSearch(e) {
    const value = e.currentTarget.value;
    setQ(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => actions.setFilters({ q: value.trim() }), 300);
  }

  const f = state.filters;
  const convs = listed(state);
  const channels = Object.values(state.channelsByKind).flat().filter((c, i, all) => all.indexOf(c) === i);
  return html`
    <aside class="sidebar" aria-label="Conversations">
      <div class="sidebar-tools">
        <nav class="views" role="tablist" aria-label="Views">
          <${ViewTab} view=${{ kind: 'mine', teamId: null }} label="Mine" state=${state} actions=${actions} />
          <${ViewTab} view=${{ kind: 'unassigned', teamId: null }} label="Unassigned" state=${state} actions=${actions} />
          <${ViewTab} view=${{ kind: 'bot', teamId: null }} label="Bot" state=${state} actions=${actions} />
          <${ViewTab} view=${{ kind: 'all', teamId: null }} label="All" state=${state} actions=${actions} />
          ${state.teams.map(t => html`<${ViewTab} key=${t.id} view=${{ kind: 'team', teamId: t.id }} label=${t.name}
              state=${state} actions=${actions} />`)}
        </nav>
        <input id="search" type="search" placeholder="Search conversations ( / )" autocomplete="off"
               aria-label="Search conversations" value=${q} onInput=${onSearch} />
        <div class="filters">
          <label class="sr-only" for="filter-status">Status</label>
          <select id="filter-status" aria-label="Status" value=${f.status} onChange=${e => actions.setFilters({ status: e.currentTarget.value })}>
            ${STATUSES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
          </select>
          <label class="sr-only" for="filter-channel">Channel</label>
          <select id="filter-channel" aria-label="Channel" value=${f.channel} onChange=${e => actions.setFilters({ channel: e.currentTarget.value })}>
            <option value="">Any channel</option>
            ${channels.map(c => html`<option value=${c}>${c}</option>`)}
          </select>
          <label class="sr-only" for="filter-tag">Tag</label>
          <select id="filter-tag" aria-label="Tag" value=${f.tag} onChange=${e => actions.setFilters({ tag: e.currentTarget.value })}>
            <option value="">Any tag</option>
            ${state.tags.map(t => html`<option value=${t.name}>${t.name}</option>`)}
          </select>
          <label class="sr-only" for="filter-priority">Priority</label>
          <select id="filter-priority" aria-label="Priority" value=${f.priority} onChange=${e => actions.setFilters({ priority: e.currentTarget.value })}>
            <option value="">Any priority</option>
            ${PRIORITIES.map(p => html`<option value=${p}>${p}</option>`)}
          </select>
          <label class="sr-only" for="sort">Sort</label>
          <select id="sort" aria-label="Sort" value=${state.sort} onChange=${e => actions.setSort(e.currentTarget.value)}>
            <option value="waiting">Waiting longest</option>
            <option value="recent">Most recent</option>
          </select>
        </div>
      </div>
      <ul id="conversation-list" class="conversation-list" aria-label="Conversations" aria-busy=${String(state.list.loading)}>
        ${convs.map(c => html`<${Row} key=${c.id} conv=${c} selected=${c.id === state.selectedId}
            unread=${!!state.unread[c.id]} agents=${state.agents} onOpen=${actions.open} />`)}
        ${convs.length ? null : html`<li class="empty-state small">${f.q ? 'No matching conversations' : 'No conversations here'}</li>`}
      </ul>
      ${state.list.nextCursor ? html`<button id="load-more" type="button" class="btn load-more" onClick=${actions.loadMore}>Load more</button>` : null}
    </aside>`;
}
