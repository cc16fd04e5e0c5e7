// What starts a check besides the popup: the context menu and sites the reader opted in.

import { ext, loadSettings, hasOrigins, dropTabState } from "../shared/browser.js";
import { originPattern, serverOrigin } from "../shared/settings.js";
import { checkTab } from "./check.js";

const MENU_ID = "overclaim-check-selection";

export function createMenu() {
  ext.contextMenus.create({ id: MENU_ID, title: "Check selected text", contexts: ["selection"] });
}

export function onMenuClick(info, tab) {
  if (info.menuItemId === MENU_ID && tab?.id !== undefined) checkTab(tab.id, "selection");
}

/** A finished load of an opted-in site (with host access granted) is checked automatically. */
export async function onTabUpdated(tabId, change, tab) {
  if (change.status === "loading") await dropTabState(tabId);
  if (change.status !== "complete" || !tab.url) return;
  const origin = serverOrigin(tab.url);
  if (!origin) return;
  const { autoSites } = await loadSettings();
  if (autoSites.includes(origin) && (await hasOrigins([originPattern(origin)]))) checkTab(tabId, "page");
}
