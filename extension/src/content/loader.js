// Classic content script: loads the module-based content script once per page.
// Its last expression is a promise, so executeScript resolves when the listeners are ready.
globalThis.overclaimReady ??= import((globalThis.browser ?? globalThis.chrome).runtime.getURL("src/content/main.js")).then((m) => m.start());
globalThis.overclaimReady.then(() => true);
