// Profile: every agent's own name, email, role, capacity and teams; they change their name and
// their password (the current one is asked for; their other sessions end).
import { html, useState } from '../lib/html.js';
import { get, patch } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, byName } from './ui.js';

export function Profile({ me, onMeChanged }) {
  const state = useLoad(() => Promise.all([get('/api/v1/me'), get('/api/v1/teams')])
    .then(([m, t]) => ({ me: m, teams: t.teams })));
  if (!state.data) return html`<${Loading} state=${state} what="your profile" />`;
  const current = state.data.me;
  const teams = (current.team_ids || []).map(id => byName(state.data.teams, id));
  const changed = m => {
    onMeChanged({ ...me, ...m });
    state.reload();
  };
  return html`
    <dl class="facts" id="profile-facts">
      <dt>Name</dt><dd id="profile-name">${current.name}</dd>
      <dt>Email</dt><dd id="profile-email">${current.email}</dd>
      <dt>Role</dt><dd id="profile-role">${current.role}</dd>
      <dt>Capacity</dt><dd id="profile-capacity">${current.capacity ?? '—'}</dd>
      <dt>Teams</dt><dd id="profile-teams">${teams.length ? teams.join(', ') : 'None'}</dd>
    </dl>
    <${NameForm} me=${current} onSaved=${changed} />
    <${PasswordForm} />`;
}

function NameForm({ me, onSaved }) {
  const [name, setName] = useState(me.name);
  const save = useSave();
  const submit = async e => {
    e.preventDefault();
    const saved = await save.run(() => patch('/api/v1/me', { name: name.trim() }), 'Name saved');
    if (saved) onSaved(saved);
  };
  return html`<section class="panel" aria-labelledby="name-title">
    <h2 id="name-title">Your name</h2>
    <form class="form form-inline" id="name-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="me-name">Name</label>
        <input id="me-name" value=${name} maxlength="200" autocomplete="name" onInput=${e => setName(e.target.value)} /></div>
      <button type="submit" class="btn btn-primary" disabled=${save.saving}>${save.saving ? 'Saving…' : 'Save name'}</button>
    </form>
    <${ErrorText} error=${save.error} id="me-name-error" />
  </section>`;
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const save = useSave();
  const submit = async e => {
    e.preventDefault();
    if (next !== again) {
      save.setError(new Error('The new passwords differ.'));
      return;
    }
    if (await save.run(() => patch('/api/v1/me', { current_password: current, password: next }),
      'Password changed; your other sessions were signed out')) {
      setCurrent(''); setNext(''); setAgain('');
    }
  };
  return html`<section class="panel" aria-labelledby="password-title">
    <h2 id="password-title">Change your password</h2>
    <form class="form" id="password-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="me-current-password">Current password</label>
        <input id="me-current-password" type="password" autocomplete="current-password" value=${current}
          onInput=${e => setCurrent(e.target.value)} /></div>
      <div class="field"><label for="me-new-password">New password</label>
        <input id="me-new-password" type="password" autocomplete="new-password" value=${next}
          aria-describedby="me-new-password-hint" onInput=${e => setNext(e.target.value)} />
        <span class="hint" id="me-new-password-hint">At least 8 characters.</span></div>
      <div class="field"><label for="me-new-password-again">New password again</label>
        <input id="me-new-password-again" type="password" autocomplete="new-password" value=${again}
          onInput=${e => setAgain(e.target.value)} /></div>
      <${ErrorText} error=${save.error} id="me-password-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>
          ${save.saving ? 'Changing…' : 'Change password'}</button>
      </div>
    </form>
  </section>`;
}
