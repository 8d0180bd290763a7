// Preact with htm: components written as tagged templates, no build step. Text placed in a
// template is always a text node, so message bodies can never become markup.
import { h, render, Fragment } from '../vendor/preact.js';
import htm from '../vendor/htm.js';

export const html = htm.bind(h);
export { h, render, Fragment };
export { useState, useEffect, useLayoutEffect, useRef, useMemo, useCallback, useReducer } from '../vendor/hooks.js';
