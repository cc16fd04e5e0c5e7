// Every message the service worker accepts: validated for shape and sender, then handled.

import { extensionId, loadSettings, readTabState } from "../shared/browser.js";
import { CHECK_TAB, FEEDBACK, GET_TAB_STATE, validateMessage } from "../shared/messages.js";
import { sendFeedback } from "./api.js";
import { checkTab } from "./check.js";

/** "Not an overclaim": the sentence from the message, the page URL from the browser (sender.tab). */
async function feedback(message, sender) {
  const settings = await loadSettings();
  const state = await readTabState(sender.tab.id);
  const body = { text: message.text, categories: message.categories, url: sender.tab.url, model_version: state?.modelVersion || undefined };
  const reply = await sendFeedback(settings, body);
  return { id: reply?.id ?? null };
}

const HANDLERS = {
  [CHECK_TAB]: (m) => checkTab(m.tabId, m.scope ?? "page"),
  [GET_TAB_STATE]: (m) => readTabState(m.tabId),
  [FEEDBACK]: feedback,
};

export async function route(message, sender) {
  const valid = validateMessage(message, sender, extensionId());
  if (!valid.ok) return { error: valid.error };
  const handler = HANDLERS[message.type];
  return handler ? handler(message, sender) : { error: `${message.type} is not for the service worker` };
}
