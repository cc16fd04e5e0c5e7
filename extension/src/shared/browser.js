// The one module that touches the chrome/browser API: everything else calls these.

import { KEYS, normalizeSettings } from "./settings.js";

/** Firefox's promise-based `browser`, else Chrome's `chrome` (promise-based in MV3). */
export const ext = globalThis.browser ?? globalThis.chrome;

export const extensionId = () => ext.runtime.id;
export const extensionUrl = (path) => ext.runtime.getURL(path);

export async function loadSettings() {
  return normalizeSettings(await ext.storage.local.get(KEYS));
}

export async function saveSettings(values) {
  await ext.storage.local.set(values);
}

/** Listen for messages with an async handler; its result (or {error}) is the reply. */
export function onMessage(handler) {
  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    Promise.resolve()
      .then(() => handler(message, sender))
      .then(sendResponse, (err) => sendResponse({ error: String(err?.message ?? err) }));
    return true;
  });
}

export const sendToWorker = (message) => ext.runtime.sendMessage(message);
export const sendToTab = (tabId, message) => ext.tabs.sendMessage(tabId, message, { frameId: 0 });
export const getTab = (tabId) => ext.tabs.get(tabId);

export async function activeTab() {
  const [tab] = await ext.tabs.query({ active: true, lastFocusedWindow: true });
  return tab;
}

/** Load the content script (idempotent) and the highlight styles into a tab's top frame. */
export async function injectContent(tabId) {
  const target = { tabId };
  await ext.scripting.insertCSS({ target, files: ["src/content/highlight.css"] });
  await ext.scripting.executeScript({ target, files: ["src/content/loader.js"] });
}

export const hasOrigins = (origins) => ext.permissions.contains({ origins });
export const requestOrigins = (origins) => ext.permissions.request({ origins });

export async function setBadge(tabId, text, color) {
  await ext.action.setBadgeText({ tabId, text });
  if (color) await ext.action.setBadgeBackgroundColor({ tabId, color });
}

/** Per-tab results survive the service worker being stopped (session storage where there is one). */
const tabStore = ext.storage.session ?? ext.storage.local;
const tabKey = (tabId) => `tab:${tabId}`;

/** Call `listener(state)` whenever the tab's state is written. */
export function onTabState(tabId, listener) {
  ext.storage.onChanged.addListener((changes) => {
    if (tabKey(tabId) in changes) listener(changes[tabKey(tabId)].newValue ?? null);
  });
}

export async function readTabState(tabId) {
  return (await tabStore.get(tabKey(tabId)))[tabKey(tabId)] ?? null;
}

export const writeTabState = (tabId, state) => tabStore.set({ [tabKey(tabId)]: state });
export const dropTabState = (tabId) => tabStore.remove(tabKey(tabId));
