/*
 * Canned responses in the composer: "/" at the start of the reply box, then letters, shows the
 * canned responses whose shortcut starts with them; arrows + Enter (or a click) put the chosen
 * one's body in place of "/name", Escape closes the list.
 *
 * A separate script so that inbox.js stays as it is: it listens on the composer in the capture
 * phase, so while the list is open its Enter and Escape never reach inbox.js (send, close).
 * The list is fetched once per signed-in session and refreshed when the reply box gains focus.
 * All text goes in with textContent / value, never as markup.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'switchboard:token';  // where inbox.js keeps the session's token
  var MAX_SHOWN = 8;
  var REFRESH_MS = 5000;                // a focus refreshes at most this often
  var TRIGGER = /^\/([a-z0-9_-]{0,40})$/i;

  var cache = { token: null, items: [], loadedAt: 0, loading: null };
  var picker = { open: false, matches: [], active: 0, typed: 0 };
  var input, list;

  function load(force) {
    var token = localStorage.getItem(TOKEN_KEY);
    if (!token) return Promise.resolve([]);
    if (token !== cache.token) {        // a new session: forget the last one's list
      cache = { token: token, items: [], loadedAt: 0, loading: null };
    } else if (cache.loading) {
      return cache.loading;
    } else if (!force || Date.now() - cache.loadedAt < REFRESH_MS) {
      if (cache.loadedAt) return Promise.resolve(cache.items);
    }
    var mine = cache;
    mine.loading = fetch('/api/v1/canned-responses', {
      headers: { Accept: 'application/json', Authorization: 'Bearer ' + token }
    }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (data) {
      if (data && Array.isArray(data.canned_responses)) {
        mine.items = data.canned_responses;
        mine.loadedAt = Date.now();
      }
      return mine.items;
    }).catch(function () {
      return mine.items;                // offline or refused: keep what we had
    }).finally(function () {
      mine.loading = null;
    });
    return mine.loading;
  }

  /** The "/name" typed so far, when the text before the caret is only that; else null. */
  function typedShortcut() {
    if (input.selectionStart !== input.selectionEnd) return null;
    var m = TRIGGER.exec(input.value.slice(0, input.selectionStart));
    return m ? m[1].toLowerCase() : null;
  }

  function update() {
    var prefix = typedShortcut();
    if (prefix == null) { close(); return; }
    load(false).then(function (items) {
      if (typedShortcut() !== prefix) return;  // typing moved on while the list loaded
      var matches = items.filter(function (c) { return c.shortcut.indexOf(prefix) === 0; }).slice(0, MAX_SHOWN);
      if (!matches.length) { close(); return; }
      picker.matches = matches;
      picker.active = 0;
      picker.typed = prefix.length + 1;
      render();
    });
  }

  function render() {
    list.textContent = '';
    picker.matches.forEach(function (c, i) {
      var item = document.createElement('li');
      item.id = 'canned-option-' + i;
      item.className = 'canned-option' + (i === picker.active ? ' active' : '');
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', i === picker.active ? 'true' : 'false');
      item.dataset.index = String(i);
      var name = document.createElement('span');
      name.className = 'canned-shortcut';
      name.textContent = '/' + c.shortcut;
      var body = document.createElement('span');
      body.className = 'canned-body';
      body.textContent = c.body.length > 120 ? c.body.slice(0, 120) + '…' : c.body;
      item.appendChild(name);
      item.appendChild(body);
      list.appendChild(item);
    });
    list.hidden = false;
    picker.open = true;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', 'canned-option-' + picker.active);
    var active = list.children[picker.active];
    if (active && active.scrollIntoView) active.scrollIntoView({ block: 'nearest' });
  }

  function close() {
    if (!list) return;
    picker.open = false;
    picker.matches = [];
    list.hidden = true;
    list.textContent = '';
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  /** Replaces "/name" (everything before the caret) with the chosen body; the rest of the text stays. */
  function choose(index) {
    var c = picker.matches[index];
    if (!c) return;
    var rest = input.value.slice(input.selectionStart);
    input.value = c.body + rest;
    input.selectionStart = input.selectionEnd = c.body.length;
    close();
    input.focus();
    // inbox.js hears it as typing, like any other change to the reply box
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function onKeydown(event) {
    if (!picker.open || event.target !== input || event.isComposing) return;
    var n = picker.matches.length;
    var handled = true;
    if (event.key === 'ArrowDown') {
      picker.active = (picker.active + 1) % n;
      render();
    } else if (event.key === 'ArrowUp') {
      picker.active = (picker.active + n - 1) % n;
      render();
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      choose(picker.active);
    } else if (event.key === 'Escape') {
      close();
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();          // inbox.js must not send or close the conversation
    }
  }

  function init() {
    input = document.getElementById('reply-input');
    var composer = document.getElementById('composer');
    if (!input || !composer) return;
    list = document.createElement('ul');
    list.id = 'canned-list';
    list.className = 'canned-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Canned responses');
    list.hidden = true;
    composer.insertBefore(list, input);
    input.setAttribute('aria-controls', 'canned-list');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');

    composer.addEventListener('keydown', onKeydown, true);
    input.addEventListener('input', update);
    input.addEventListener('click', update);
    input.addEventListener('focus', function () { load(true); });
    input.addEventListener('blur', close);
    // mousedown would blur the reply box (and close the list) before the click lands
    list.addEventListener('mousedown', function (event) { event.preventDefault(); });
    list.addEventListener('click', function (event) {
      var item = event.target.closest('.canned-option');
      if (item) choose(Number(item.dataset.index));
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
