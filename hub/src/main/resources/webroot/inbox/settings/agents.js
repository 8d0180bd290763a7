// Agents: invite (the hub makes a password when none is given and shows it here once), role,
// capacity, teams, deactivate and reactivate. The hub's refusals (the last admin, oneself) show
// next to the form.
import { html, useState } from '../lib/html.js';
import { get, post, patch } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, CopyButton, Picker, byName, useFocusOnOpen } from './ui.js';

export function Agents({ me }) {
  const state = useLoad(() => Promise.all([get('/api/v1/agents?include_inactive=true'), get('/api/v1/teams')])
    .then(([a, t]) => ({ agents: a.agents, teams: t.teams })));
  const [editing, setEditing] = useState(null);
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState(null);

  if (!state.data) return html`<${Loading} state=${state} what="agents" />`;
  const { agents, teams } = state.data;
  const agent = agents.find(a => a.id === editing);

  return html`
    <table class="list" aria-label="Agents">
      <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th>
        <th scope="col">Capacity</th><th scope="col">Teams</th><th scope="col">Status</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${agents.map(a => html`<tr key=${a.id} class=${'agent-row' + (a.active ? '' : ' inactive')}>
          <td class="name">${a.name}</td><td>${a.email}</td><td>${a.role}</td>
          <td>${a.capacity ?? ''}</td>
          <td>${(a.team_ids || []).map(t => byName(teams, t)).join(', ')}</td>
          <td>${a.active ? (a.presence || 'offline') : 'Deactivated'}</td>
          <td class="actions"><button type="button" class="btn" aria-label=${'Edit ' + a.name}
            onClick=${() => { setEditing(a.id); setInviting(false); }}>Edit</button></td>
        </tr>`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="invite-agent"
      onClick=${() => { setInviting(true); setEditing(null); setInvited(null); }}>Invite agent</button></p>
    ${invited && html`<${Invited} agent=${invited} onClose=${() => setInvited(null)} />`}
    ${inviting && html`<${InviteForm} onCancel=${() => setInviting(false)}
      onInvited=${a => { setInvited(a); setInviting(false); state.reload(); }} />`}
    ${agent && html`<${AgentForm} key=${agent.id + ':' + agent.active} agent=${agent} teams=${teams}
      self=${agent.id === me.id} onSaved=${() => state.reload()} onClose=${() => setEditing(null)} />`}`;
}

function InviteForm({ onInvited, onCancel }) {
  const panel = useFocusOnOpen();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('agent');
  const [password, setPassword] = useState('');
  const save = useSave();
  const submit = async e => {
    e.preventDefault();
    const body = { email: email.trim(), name: name.trim(), role };
    if (password) body.password = password;
    const created = await save.run(() => post('/api/v1/agents', body), 'Agent invited');
    if (created) onInvited(created);
  };
  return html`<section ref=${panel} class="panel" aria-labelledby="invite-title">
    <h2 id="invite-title">Invite an agent</h2>
    <form class="form" id="invite-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="invite-email">Email</label>
        <input id="invite-email" type="email" autocomplete="off" value=${email} onInput=${e => setEmail(e.target.value)} /></div>
      <div class="field"><label for="invite-name">Name</label>
        <input id="invite-name" value=${name} maxlength="200" onInput=${e => setName(e.target.value)} /></div>
      <div class="field"><label for="invite-role">Role</label>
        <select id="invite-role" value=${role} onChange=${e => setRole(e.target.value)}>
          <option value="agent">Agent</option><option value="admin">Admin</option></select></div>
      <div class="field"><label for="invite-password">Password (optional)</label>
        <input id="invite-password" type="password" autocomplete="new-password" value=${password}
          aria-describedby="invite-password-hint" onInput=${e => setPassword(e.target.value)} />
        <span class="hint" id="invite-password-hint">Leave empty and the hub makes a strong one, shown here once.</span></div>
      <${ErrorText} error=${save.error} id="invite-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>${save.saving ? 'Inviting…' : 'Invite'}</button>
        <button type="button" class="btn" onClick=${onCancel}>Cancel</button>
      </div>
    </form>
  </section>`;
}

function Invited({ agent, onClose }) {
  const panel = useFocusOnOpen();
  return html`<section ref=${panel} class="panel notice" aria-labelledby="invited-title" id="invited">
    <h2 id="invited-title">${agent.name} can sign in now</h2>
    <p>Email: <strong>${agent.email}</strong></p>
    ${agent.password ? html`
      <p>Their password, shown only this once (the hub keeps only its hash). Hand it over safely;
        they can change it under Profile.</p>
      <p><code class="secret" id="invited-password">${agent.password}</code>
        <${CopyButton} text=${agent.password} label="Copy password" /></p>`
    : html`<p>They sign in with the password you chose.</p>`}
    <button type="button" class="btn" onClick=${onClose}>Done</button>
  </section>`;
}

function AgentForm({ agent, teams, self, onSaved, onClose }) {
  const panel = useFocusOnOpen();
  const [name, setName] = useState(agent.name);
  const [role, setRole] = useState(agent.role);
  const [capacity, setCapacity] = useState(agent.capacity === undefined || agent.capacity === null ? '' : String(agent.capacity));
  const [teamIds, setTeamIds] = useState(agent.team_ids || []);
  const save = useSave();

  const submit = async e => {
    e.preventDefault();
    const body = { name: name.trim(), role, team_ids: teamIds };
    if (capacity !== '') body.capacity = /^\d+$/.test(capacity.trim()) ? Number(capacity.trim()) : capacity;
    if (await save.run(() => patch(`/api/v1/agents/${agent.id}`, body), 'Agent saved')) onSaved();
  };
  const setActive = async active => {
    if (await save.run(() => patch(`/api/v1/agents/${agent.id}`, { active }),
      active ? 'Agent reactivated' : 'Agent deactivated')) onSaved();
  };

  return html`<section ref=${panel} class="panel" aria-labelledby="agent-title">
    <h2 id="agent-title">Edit agent: <span class="name">${agent.name}</span></h2>
    <p class="muted">${agent.email}${agent.active ? '' : ' · deactivated'}</p>
    <form class="form" id="agent-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="agent-name">Name</label>
        <input id="agent-name" value=${name} maxlength="200" onInput=${e => setName(e.target.value)} /></div>
      <div class="field"><label for="agent-role">Role</label>
        <select id="agent-role" value=${role} onChange=${e => setRole(e.target.value)}>
          <option value="agent">Agent</option><option value="admin">Admin</option></select></div>
      <div class="field"><label for="agent-capacity">Capacity</label>
        <input id="agent-capacity" type="number" min="0" max="1000" value=${capacity}
          aria-describedby="agent-capacity-hint" onInput=${e => setCapacity(e.target.value)} />
        <span class="hint" id="agent-capacity-hint">Open conversations automatic assignment may give them (0–1000).</span></div>
      <${Picker} legend="Teams" name="team_ids" items=${teams} value=${teamIds} onChange=${setTeamIds}
        empty="No teams yet: create one under Teams." />
      <${ErrorText} error=${save.error} id="agent-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>${save.saving ? 'Saving…' : 'Save'}</button>
        <button type="button" class="btn" onClick=${onClose}>Close</button>
        <span class="spacer"></span>
        ${agent.active
          ? html`<${ConfirmButton} id="deactivate" label="Deactivate" disabled=${save.saving}
              question=${self ? 'Deactivate yourself?' : `Deactivate ${agent.name}? They are signed out at once.`}
              confirmLabel="Yes, deactivate" onConfirm=${() => setActive(false)} />`
          : html`<${ConfirmButton} id="reactivate" label="Reactivate" danger=${false} disabled=${save.saving}
              question=${`Reactivate ${agent.name}? They can sign in again.`} confirmLabel="Yes, reactivate"
              onConfirm=${() => setActive(true)} />`}
      </div>
    </form>
  </section>`;
}
