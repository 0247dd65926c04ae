// The page's JavaScript verifier, run off the page's thread: a verification of seconds never freezes the page.
// Messages: {id, check: true} -> {id, loaded, arithmetic}; {id, vk, proof} -> {id, loaded, ok, message, ms} or {id, loaded, error}.
"use strict";
try {
  importScripts("zkml4j-verifier.js"); // defines the global zkml4j; a 404 leaves it undefined
} catch (e) {
  // reported as not loaded; the page fetches the script itself to say why
}
const loaded = () => typeof zkml4j !== "undefined" && typeof zkml4j.verify === "function";

onmessage = e => {
  const { id, check, vk, proof } = e.data;
  if (check || !loaded()) {
    postMessage({ id, loaded: loaded(), arithmetic: loaded() ? zkml4j.fieldArithmetic : undefined });
    return;
  }
  try {
    const t0 = performance.now();
    const v = zkml4j.verify(vk, proof);
    postMessage({ id, loaded: true, ok: v.ok, message: v.message, ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ id, loaded: true, error: String((err && err.message) || err) });
  }
};
