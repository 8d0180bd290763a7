// Teams: a name, members, and whether the inboxes routed to the team assign automatically.
import { html, useState } from '../lib/html.js';
import { get, post, patch, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, Picker, byName, useFocusOnOpen } from './ui.js';

export function Teams() {
  const state = useLoad(() => Promise.all([get('/api/v1/teams'), get('/api/v1/agents')])
    .then(([t, a]) => ({ teams: t.teams, agents: a.agents })));
  const [mode, setMode] = useState(null);
  if (!state.data) return html`<${Loading} state=${state} what="teams" />`;
  const { teams, agents } = state.data;
  const team = mode && mode !== 'new' ? teams.find(t => t.id === mode) : null;
  const done = next => state.reload().then(() => setMode(next));

  return html`
    <table class="list" aria-label="Teams">
      <thead><tr><th scope="col">Name</th><th scope="col">Members</th><th scope="col">Auto-assign</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${teams.length === 0 && html`<tr><td colspan="4" class="muted">No teams yet.</td></tr>`}
        ${teams.map(t => html`<tr key=${t.id} class="team-row">
          <td class="name">${t.name}</td>
          <td>${t.member_ids.map(id => byName(agents, id)).join(', ')}</td>
          <td>${t.auto_assign ? 'Yes' : 'No'}</td>
          <td class="actions"><button type="button" class="btn" aria-label=${'Edit ' + t.name}
            onClick=${() => setMode(t.id)}>Edit</button></td>
        </tr>`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="add-team" onClick=${() => setMode('new')}>Add team</button></p>
    ${(mode === 'new' || team) && html`<${TeamForm} key=${team ? team.id : 'new'} team=${team} agents=${agents}
      onSaved=${t => done(t.id)} onDeleted=${() => done(null)} onClose=${() => setMode(null)} />`}`;
}

function TeamForm({ team, agents, onSaved, onDeleted, onClose }) {
  const panel = useFocusOnOpen();
  const isNew = !team;
  const [name, setName] = useState(team ? team.name : '');
  const [members, setMembers] = useState(team ? team.member_ids : []);
  const [auto, setAuto] = useState(team ? team.auto_assign : true);
  const save = useSave();
  const submit = async e => {
    e.preventDefault();
    const body = { name: name.trim(), member_ids: members, auto_assign: auto };
    const saved = await save.run(() => isNew ? post('/api/v1/teams', body) : patch(`/api/v1/teams/${team.id}`, body),
      isNew ? 'Team created' : 'Team saved');
    if (saved) onSaved(saved);
  };
  const remove = async () => {
    if (await save.run(() => del(`/api/v1/teams/${team.id}`), 'Team deleted') !== undefined) onDeleted();
  };
  return html`<section ref=${panel} class="panel" aria-labelledby="team-title">
    <h2 id="team-title">${isNew ? 'New team' : html`Edit team: <span class="name">${team.name}</span>`}</h2>
    <form class="form" id="team-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="team-name">Name</label>
        <input id="team-name" value=${name} maxlength="200" onInput=${e => setName(e.target.value)} /></div>
      <label class="check"><input type="checkbox" id="team-auto-assign" checked=${auto}
        onChange=${e => setAuto(e.target.checked)} /> <span>Auto-assign conversations among its members</span></label>
      <${Picker} legend="Members" name="member_ids" items=${agents} value=${members} onChange=${setMembers} />
      <${ErrorText} error=${save.error} id="team-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>
          ${save.saving ? 'Saving…' : isNew ? 'Create team' : 'Save'}</button>
        <button type="button" class="btn" onClick=${onClose}>${isNew ? 'Cancel' : 'Close'}</button>
        <span class="spacer"></span>
        ${!isNew && html`<${ConfirmButton} label="Delete team" question=${`Delete ${team.name}?`}
          confirmLabel="Yes, delete" disabled=${save.saving} onConfirm=${remove} />`}
      </div>
    </form>
  </section>`;
}
