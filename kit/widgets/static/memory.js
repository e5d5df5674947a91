// Wakkere afweging: remembers this browser's seat (session code, participant
// token, and on the facilitator's machine only, the facilitator secret), so a
// refresh or a lost connection comes back to the same seat. Nothing here talks
// to the network.
//
// Two places, because a training-room PC is shared:
// - sessionStorage (this tab only, gone when the tab closes): a refresh of the
//   tab restores its seat without asking;
// - localStorage (the browser, for MAX_AGE_MS): a new tab or a reopened
//   browser gets the seat back, but a facilitator seat only after the person
//   confirms it is theirs ("ask"), and never once it has expired.
// One key per Jupyter server: on JupyterHub every user's pages live under
// /user/<name>/ on the same origin, and a shared laptop must not hand the next
// user the previous user's seat (or a facilitator's secret).
const SERVER_PREFIX = window.location.pathname.split("/voila/")[0];
const KEY = "wakkere-afweging:" + SERVER_PREFIX;
// A workshop day; after that a stored seat is forgotten, secret and all.
const MAX_AGE_MS = 12 * 60 * 60 * 1000;

function load(storage) {
  try {
    const value = JSON.parse(storage.getItem(KEY) || "{}");
    return value && typeof value === "object" ? value : {};
  } catch (_error) {
    return {};
  }
}

function remove(storage) {
  try {
    storage.removeItem(KEY);
  } catch (_error) {
    // Storage disabled: nothing was kept.
  }
}

function read() {
  const tab = load(window.sessionStorage);
  if (Object.keys(tab).length > 0) {
    return tab;
  }
  const kept = load(window.localStorage);
  if (Object.keys(kept).length === 0) {
    return {};
  }
  const savedAt = Number(kept.saved_at) || 0;
  if (!(Date.now() - savedAt < MAX_AGE_MS)) {
    remove(window.localStorage); // expired, or from before expiry existed
    return {};
  }
  const seat = { ...kept };
  delete seat.saved_at;
  if (seat.secret) {
    seat.ask = true;
  }
  return seat;
}

function write(value) {
  try {
    if (!value || value.__forget__) {
      remove(window.sessionStorage);
      remove(window.localStorage);
    } else if (Object.keys(value).length > 0) {
      window.sessionStorage.setItem(KEY, JSON.stringify(value));
      const kept = { ...value, saved_at: Date.now() };
      window.localStorage.setItem(KEY, JSON.stringify(kept));
    }
  } catch (_error) {
    // Private mode or storage disabled: the seat then lasts for this page only.
  }
}

function render({ model, el }) {
  el.classList.add("kit-memory");
  el.setAttribute("hidden", "");
  model.set("stored", read());
  model.set("query", window.location.search || "");
  model.set("page_url", window.location.origin + window.location.pathname);
  model.set("loaded", true);
  model.save_changes();
  model.on("change:to_store", () => write(model.get("to_store")));
}

export default { render };
