// The background: a service worker in Chrome, background scripts in Firefox. Listeners are
// registered at the top level so that events wake it.

import { ext, onMessage } from "./src/shared/browser.js";
import { route } from "./src/background/router.js";
import { createMenu, onMenuClick, onTabUpdated } from "./src/background/triggers.js";

ext.runtime.onInstalled.addListener(createMenu);
ext.contextMenus.onClicked.addListener(onMenuClick);
ext.tabs.onUpdated.addListener(onTabUpdated);
onMessage(route);
