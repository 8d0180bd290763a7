// The side panel: the customer (identities, details), their past cases with ticket numbers, and
// who else is viewing the conversation. Collapsible, for a laptop screen.
import { html } from '../lib/html.js';
import { customerName } from '../lib/format.js';
import { viewersOf } from '../lib/store.js';

export function SidePanel({ state, collapsed, onToggle }) {
  const conv = state.conversation;
  const customer = state.customer;
  const c = (conv && conv.customer) || {};
  const viewers = conv ? viewersOf(state, conv.id) : [];
  const cases = [...state.cases].sort((a, b) => b.number - a.number);
  return html`
    <aside id="customer-panel" class=${'customer-panel' + (collapsed ? ' collapsed' : '')} aria-label="Customer">
      <button id="side-toggle" type="button" class="btn btn-ghost side-toggle" aria-expanded=${String(!collapsed)}
              aria-controls="customer-details" onClick=${onToggle}>${collapsed ? '‹ Details' : 'Hide details ›'}</button>
      ${!conv ? html`<div id="customer-empty" class="empty-state small" hidden=${collapsed}>No customer selected</div>` : html`
        <div id="customer-details" hidden=${collapsed}>
          <div class="customer-head">
            <span id="customer-online" class=${'online-dot' + (c.online ? ' online' : '')} title=${c.online ? 'Online' : 'Offline'}></span>
            <h3 id="customer-name">${customerName(conv)}</h3>
          </div>
          <dl class="customer-fields">
            <dt>Email</dt><dd id="customer-email">${(customer && customer.email) || c.email || '—'}</dd>
            <dt>Phone</dt><dd id="customer-phone">${(customer && customer.phone) || c.phone || '—'}</dd>
            <dt>Last channel</dt><dd id="customer-channel">${conv.channel || (conv.last_message && conv.last_message.channel) || '—'}</dd>
            <dt>Status</dt><dd id="customer-presence">${c.online ? 'Online now' : 'Offline'}</dd>
          </dl>
          <h4 class="side-heading">Identities</h4>
          <ul id="customer-identities" class="side-list">
            ${customer && customer.identities && customer.identities.length
              ? customer.identities.map(i => html`<li key=${i.kind + ':' + i.address}><span class="identity-kind">${i.kind}</span> <span class="identity-address">${i.address}</span></li>`)
              : html`<li class="muted">${customer ? 'None' : 'Loading…'}</li>`}
          </ul>
          <h4 class="side-heading">Cases</h4>
          <ul id="customer-cases" class="side-list">
            ${cases.length ? cases.map(k => html`
              <li key=${k.id} class=${'case-item' + (k.resolved_at ? ' resolved' : ' open')}>
                <span class="case-number">#${k.number}</span>
                <span class="case-state">${k.resolved_at ? 'resolved ' + new Date(k.resolved_at).toLocaleDateString() : 'open'}</span>
                <span class="case-opened">opened ${new Date(k.opened_at).toLocaleDateString()}</span>
              </li>`) : html`<li class="muted">No cases yet</li>`}
          </ul>
          <h4 class="side-heading">Also viewing</h4>
          <ul id="side-viewers" class="side-list">
            ${viewers.length ? viewers.map(n => html`<li key=${n}>${n}</li>`) : html`<li class="muted">Only you</li>`}
          </ul>
        </div>`}
    </aside>`;
}
