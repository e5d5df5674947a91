// Wakkere afweging: remembers this browser's seat (session code, participant
// token, and on the facilitator's machine only, the facilitator secret) in
// localStorage, so a refresh or a lost connection comes back to the same seat.
// Nothing here talks to the network.
// One key per Jupyter server: on JupyterHub every user's pages live under
// /user/<name>/ on the same origin, and a shared laptop must not hand the next
// user the previous user's seat (or a facilitator's secret).
const SERVER_PREFIX = window.location.pathname.split("/voila/")[0];
const KEY = "wakkere-afweging:" + SERVER_PREFIX;

function read() {
  try {
    return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
  } catch (_error) {
    return {};
  }
}

function write(value) {
  try {
    if (!value || value.__forget__) {
      window.localStorage.removeItem(KEY);
    } else if (Object.keys(value).length > 0) {
      window.localStorage.setItem(KEY, JSON.stringify(value));
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
