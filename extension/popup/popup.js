// The popup: the tab's result, "Check this page" and "Always check this site".
// Opened as a page, ?tabId=N says which tab it is about.

import { activeTab, ext, getTab, loadSettings, onTabState, requestOrigins, saveSettings, sendToTab, sendToWorker } from "../src/shared/browser.js";
import { CHECK_TAB, CLEAR, GET_TAB_STATE, SCROLL_TO } from "../src/shared/messages.js";
import { originPattern, serverOrigin } from "../src/shared/settings.js";

const $ = (id) => document.getElementById(id);
const label = (category) => category.replace(/_/g, " ");

async function targetTab() {
  const param = new URLSearchParams(location.search).get("tabId");
  return param === null ? activeTab() : getTab(Number(param));
}

function item(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function renderSummary(state, tabId) {
  const doc = state.document;
  $("doc-score").textContent = `Score ${doc.score.toFixed(2)}`;
  $("doc-label").textContent = doc.label === "overclaiming" ? "· overclaiming" : "· reads as cautious";
  $("doc-counts").textContent = `${state.matches.length} of ${doc.sentences} sentences flagged`;
  $("categories").replaceChildren(...Object.entries(state.counts).map(([c, n]) => item("li", `${label(c)}: ${n}`)));
  $("matches").replaceChildren(...state.matches.map((m) => {
    const button = item("button", m.text);
    button.type = "button";
    button.addEventListener("click", () => sendToTab(tabId, { type: SCROLL_TO, index: m.index }));
    const li = document.createElement("li");
    li.append(button);
    return li;
  }));
}

const progress = (state) => (state.total > 1 ? `Checking… part ${state.done + 1} of ${state.total}` : "Checking…");

function render(state, tabId) {
  const error = state?.status === "error" ? state.message : state?.error;
  $("error").hidden = !error;
  $("error").textContent = error ?? "";
  $("check").disabled = state?.status === "checking";
  $("status").textContent = state?.status === "checking" ? progress(state) : "";
  $("summary").hidden = state?.status !== "done";
  if (state?.status === "done") renderSummary(state, tabId);
}

async function check(tabId) {
  render({ status: "checking" }, tabId);
  render(await sendToWorker({ type: CHECK_TAB, tabId }).catch((e) => ({ error: String(e) })), tabId);
}

async function setAlways(origin, on, tabId) {
  const granted = !on || (await requestOrigins([originPattern(origin)]).catch(() => false));
  const { autoSites } = await loadSettings();
  const others = autoSites.filter((s) => s !== origin);
  await saveSettings({ autoSites: on && granted ? [...others, origin] : others });
  $("always").checked = on && granted;
  if (on && granted) await check(tabId);
}

async function main() {
  const tab = await targetTab();
  const origin = serverOrigin(tab?.url ?? "");
  $("options").addEventListener("click", () => ext.runtime.openOptionsPage());
  $("check").addEventListener("click", () => check(tab.id));
  $("clear").addEventListener("click", () => sendToTab(tab.id, { type: CLEAR }).then(() => render(null, tab.id)));
  $("always").disabled = !origin;
  $("always").checked = Boolean(origin) && (await loadSettings()).autoSites.includes(origin);
  $("always").addEventListener("change", (e) => setAlways(origin, e.target.checked, tab.id));
  onTabState(tab.id, (state) => render(state, tab.id));
  render(await sendToWorker({ type: GET_TAB_STATE, tabId: tab.id }), tab.id);
}

main();
