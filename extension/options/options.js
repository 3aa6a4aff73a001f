/*
 * Options: the API address (synced with the browser profile) and an optional
 * API key (kept on this device). Saving requests host access to the API's
 * origin alone; access to a previously configured origin is given back.
 */
"use strict";

const ext = globalThis.chrome || globalThis.browser;
const DEFAULT_API = "http://127.0.0.1:8000";
const $ = (id) => document.getElementById(id);

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

/** The API address as stored, or an Error saying what is wrong with it. */
function parseApi(value) {
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return new Error(`“${value}” is not a web address.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return new Error("The API address must start with http:// or https://.");
  }
  if (url.search || url.hash || url.username || url.password) {
    return new Error("The API address takes no query, fragment or credentials.");
  }
  return url;
}

/** Host-permission patterns for an origin: with its port, then without (Firefox's form). */
function patternsFor(url) {
  const exact = `${url.protocol}//${url.host}/*`;
  const bare = `${url.protocol}//${url.hostname}/*`;
  return exact === bare ? [exact] : [exact, bare];
}

async function requestAccess(url) {
  let lastError = null;
  for (const pattern of patternsFor(url)) {
    try {
      return { granted: await ext.permissions.request({ origins: [pattern] }), pattern };
    } catch (error) {
      lastError = error; // a pattern with a port is refused where ports are not supported
    }
  }
  throw lastError;
}

/** Store the settings; `access` is the pending permission request for `url`. */
async function save(url, key, access) {
  const { api: previous } = await ext.storage.sync.get({ api: DEFAULT_API });
  const api = url.href.replace(/\/+$/, "");
  await ext.storage.sync.set({ api });
  await ext.storage.local.set({ apiKey: key });
  setStatus(`Saved ${api}. Allow the extension to reach ${url.origin} when the browser asks.`);
  let granted = false;
  try {
    granted = (await access).granted;
  } catch (error) {
    setStatus(`Saved, but access could not be requested: ${error.message}`, true);
    return;
  }
  const old = parseApi(previous);
  // Give back access to a previous server on another host (one on this host shares a pattern).
  if (!(old instanceof Error) && old.hostname !== url.hostname) {
    await ext.permissions.remove({ origins: patternsFor(old) }).catch(() => false);
  }
  setStatus(
    granted
      ? `Saved. The extension may now reach ${url.origin}.`
      : `Saved, without access to ${url.origin}: requests work only if the server allows ` +
          "extension origins (CORS, `cors_extensions`, on by default).",
    !granted,
  );
}

$("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = parseApi($("api").value);
  if (url instanceof Error) {
    setStatus(url.message, true);
    return;
  }
  // Ask before anything else: a permission prompt needs the click that triggered it.
  const access = requestAccess(url);
  save(url, $("key").value.trim(), access).catch((error) => setStatus(error.message, true));
});

$("reset").addEventListener("click", () => {
  $("api").value = DEFAULT_API;
  const url = new URL(DEFAULT_API);
  const access = requestAccess(url);
  save(url, $("key").value.trim(), access).catch((error) => setStatus(error.message, true));
});

(async () => {
  const { api } = await ext.storage.sync.get({ api: DEFAULT_API });
  const { apiKey } = await ext.storage.local.get({ apiKey: "" });
  $("api").value = api;
  $("key").value = apiKey;
})().catch((error) => setStatus(error.message, true));
