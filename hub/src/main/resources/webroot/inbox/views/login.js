// The sign-in form. Always in the page (hidden once signed in), so its fields keep their ids.
import { html, useState } from '../lib/html.js';

export function Login({ hidden, message, onSignIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const shown = error || message;

  async function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await onSignIn(form.email.value.trim(), form.password.value);
      form.password.value = '';
    } catch (err) {
      setError(err.status === 401 ? 'Wrong email or password.'
        : err.status === 429 ? 'Too many attempts. Try again in a minute.'
        : 'Could not sign in: ' + err.message);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <main id="login" class="login-screen" hidden=${hidden}>
      <form id="login-form" class="login-card" autocomplete="on" novalidate onSubmit=${submit}>
        <h1 class="brand">Switchboard</h1>
        <p class="login-sub">Sign in to the agent inbox</p>
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p id="login-error" class="login-error" role="alert" hidden=${!shown}>${shown || ''}</p>
        <button id="login-button" type="submit" class="btn btn-primary" disabled=${busy}>Sign in</button>
      </form>
    </main>`;
}
