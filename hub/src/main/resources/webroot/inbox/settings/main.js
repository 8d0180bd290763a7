// The settings pages: a left nav and one section at a time, addressed by the URL's hash
// (#channels, #agents, …). Admins see every section; any other agent sees only their profile
// (the hub answers 403 to the rest anyway).
import { html, render, useState, useEffect } from '../lib/html.js';
import { get, savedToken, onSessionExpired } from '../lib/api.js';
import { Toast, ErrorText } from './ui.js';
import { Channels } from './channels.js';
import { Agents } from './agents.js';
import { Teams } from './teams.js';
import { CannedResponses } from './canned.js';
import { Macros } from './macros.js';
import { Tags } from './tags.js';
import { KnowledgeBase } from './kb.js';
import { Bots } from './bots.js';
import { Profile } from './profile.js';

const SECTIONS = [
  { id: 'channels', title: 'Channels', admin: true, view: Channels },
  { id: 'agents', title: 'Agents', admin: true, view: Agents },
  { id: 'teams', title: 'Teams', admin: true, view: Teams },
  { id: 'canned', title: 'Canned responses', admin: true, view: CannedResponses },
  { id: 'macros', title: 'Macros', admin: true, view: Macros },
  { id: 'tags', title: 'Tags', admin: true, view: Tags },
  { id: 'kb', title: 'Knowledge base', admin: true, view: KnowledgeBase },
  { id: 'bots', title: 'Bots', admin: true, view: Bots },
  { id: 'profile', title: 'Profile', admin: false, view: Profile },
];

function toInbox() {
  location.assign('/inbox/');
}

function currentHash() {
  return location.hash.replace(/^#/, '');
}

function App() {
  const [me, setMe] = useState(null);
  const [error, setError] = useState(null);
  const [hash, setHash] = useState(currentHash());

  useEffect(() => {
    const onHash = () => setHash(currentHash());
    window.addEventListener('hashchange', onHash);
    get('/api/v1/me').then(setMe, setError);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  if (error) {
    return html`<main class="content"><${ErrorText} error=${error} />
      <p><a href="/inbox/">Back to inbox</a></p></main>`;
  }
  if (!me) return html`<p class="boot">Loading settings…</p>`;

  const admin = me.role === 'admin';
  const visible = SECTIONS.filter(s => admin || !s.admin);
  const section = visible.find(s => s.id === hash) || visible[0];
  const View = section.view;
  return html`
    <header class="topbar">
      <a class="back" href="/inbox/">← Back to inbox</a>
      <span class="brand">Settings</span>
      <span class="spacer"></span>
      <span class="who">${me.name}</span>
    </header>
    <div class="layout">
      <nav class="nav" aria-label="Settings sections">
        <ul>
          ${visible.map(s => html`<li key=${s.id}>
            <a href=${'#' + s.id} id=${'nav-' + s.id} aria-current=${s === section ? 'page' : undefined}
              class=${s === section ? 'active' : ''}>${s.title}</a></li>`)}
        </ul>
      </nav>
      <main class="content" id="section" aria-labelledby="section-title" key=${section.id}>
        <h1 id="section-title">${section.title}</h1>
        <${View} me=${me} onMeChanged=${setMe} />
      </main>
    </div>
    <${Toast} />`;
}

if (!savedToken()) {
  toInbox();
} else {
  onSessionExpired(toInbox);
  const root = document.getElementById('settings');
  root.textContent = '';
  render(html`<${App} />`, root);
}
