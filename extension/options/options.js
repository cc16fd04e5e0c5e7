// The options page: everything in chrome.storage.local, host access asked for at save time.

import { loadSettings, requestOrigins, saveSettings } from "../src/shared/browser.js";
import { CATEGORIES } from "../src/shared/messages.js";
import { isLoopback, originPattern, serverOrigin } from "../src/shared/settings.js";

const $ = (id) => document.getElementById(id);

function categoryBoxes(chosen) {
  return CATEGORIES.map((c) => {
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", value: c, checked: chosen.includes(c) });
    label.append(box, ` ${c.replace(/_/g, " ")}`);
    return label;
  });
}

function fill(s) {
  $("serverUrl").value = s.serverUrl;
  $("useModelThreshold").checked = s.threshold === null;
  $("threshold").value = String(s.threshold ?? 0.5);
  $("threshold").disabled = s.threshold === null;
  $("thresholdValue").textContent = s.threshold === null ? "(model's)" : s.threshold.toFixed(2);
  $("categories").append(...categoryBoxes(s.categories));
  $("autoSites").value = s.autoSites.join("\n");
  $("apiKey").value = s.apiKey;
  $("timeout").value = String(s.timeoutMs / 1000);
}

function read() {
  const sites = $("autoSites").value.split(/\s+/).filter(Boolean).map(serverOrigin);
  return {
    serverUrl: serverOrigin($("serverUrl").value),
    threshold: $("useModelThreshold").checked ? null : Number($("threshold").value),
    categories: [...$("categories").querySelectorAll("input:checked")].map((b) => b.value),
    autoSites: sites.filter(Boolean),
    apiKey: $("apiKey").value.trim(),
    timeoutMs: Math.round(Number($("timeout").value) * 1000) || 20_000,
  };
}

async function save(event) {
  event.preventDefault();
  const values = read();
  if (!values.serverUrl) return void ($("saved").textContent = "The server URL must be an http(s) address.");
  const remote = [values.serverUrl, ...values.autoSites].filter((o) => !isLoopback(o)).map(originPattern);
  const granted = remote.length === 0 || (await requestOrigins(remote).catch(() => false));
  await saveSettings(values);
  $("saved").textContent = granted ? "Saved." : "Saved, but access to a remote address was not granted: checks against it will fail.";
}

function syncThreshold() {
  $("threshold").disabled = $("useModelThreshold").checked;
  $("thresholdValue").textContent = $("useModelThreshold").checked ? "(model's)" : Number($("threshold").value).toFixed(2);
}

async function main() {
  fill(await loadSettings());
  $("threshold").addEventListener("input", syncThreshold);
  $("useModelThreshold").addEventListener("change", syncThreshold);
  $("form").addEventListener("submit", save);
}

main();
