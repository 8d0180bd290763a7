// The REST client every inbox module shares: the saved session token, JSON in and out, and a
// failed call as an ApiError carrying the hub's {error, message}.

export const TOKEN_KEY = 'switchboard:token';

export class ApiError extends Error {
  constructor(status, data) {
    super((data && data.message) || `HTTP ${status}`);
    this.status = status;
    this.code = data && data.error;
    this.data = data;
  }
}

export function savedToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function saveToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

const expiredListeners = new Set();

/** Called when the hub answers 401: the session ended (logout elsewhere, deactivation, expiry). */
export function onSessionExpired(fn) {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = savedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && path !== '/api/v1/auth/login') {
    expiredListeners.forEach(fn => fn());
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const patch = (path, body) => api('PATCH', path, body);
export const del = path => api('DELETE', path);
