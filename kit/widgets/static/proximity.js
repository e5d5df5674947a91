// Wakkere afweging: drag your own stakeholders to another ring of proximity.
//
// An extra on top of the form, never instead of it. Each marker is a slider
// (role="slider", 0 = aan tafel … 4 = niet in beeld): drag it with a mouse or
// finger, or focus it and use the arrow keys, Home and End. The ring it lands on
// goes to Python as `moved`; Python stores the placement and sends back the new
// `markers`. Names are set with textContent / setAttribute only, never as HTML.
// Nothing here talks to the network.

const SVG = "http://www.w3.org/2000/svg";
const SIZE = 400;
const CENTRE = SIZE / 2;
const TEAM = 16; // radius of the team in the centre
const BAND = 36; // width of one ring
const FILLS = ["#e4e9f0", "#f4f6f9"];
const VOICE_FILL = { 1: "#E69F00", 2: "#56B4E9", 3: "#0072B2" };
const VOICE_TEXT = { 1: "#1a1a1a", 2: "#1a1a1a", 3: "#ffffff" };

function node(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

function ringRadius(index) {
  return TEAM + BAND * (index + 0.5);
}

function position(angle, radius) {
  const rad = (angle * Math.PI) / 180;
  return [CENTRE + radius * Math.sin(rad), CENTRE - radius * Math.cos(rad)];
}

function ringAt(x, y, count) {
  const distance = Math.hypot(x - CENTRE, y - CENTRE);
  const index = Math.floor((distance - TEAM) / BAND);
  return Math.max(0, Math.min(count - 1, index));
}

function render({ model, el }) {
  el.classList.add("kit-proximity-drag");
  const help = document.createElement("p");
  help.className = "kit-proximity-drag-help";
  const svg = node("svg", {
    viewBox: `0 0 ${SIZE} ${SIZE}`,
    role: "group",
    class: "kit-proximity-drag-map",
  });
  el.append(help, svg);

  function send(id, ring) {
    model.set("moved", { id, ring, at: Date.now() });
    model.save_changes();
  }

  function draw() {
    const rings = model.get("rings") || [];
    const markers = model.get("markers") || [];
    const labels = model.get("labels") || {};
    help.textContent = labels.help || "";
    svg.setAttribute("aria-label", labels.map || "");
    svg.replaceChildren();
    for (let i = rings.length - 1; i >= 0; i -= 1) {
      svg.append(node("circle", {
        cx: CENTRE, cy: CENTRE, r: TEAM + BAND * (i + 1), fill: FILLS[i % 2],
        stroke: "#8a94a3", "stroke-width": 1, "aria-hidden": "true",
      }));
      const label = node("text", {
        x: CENTRE, y: CENTRE - TEAM - BAND * i - BAND + 14,
        "text-anchor": "middle", class: "kit-proximity-drag-ring", "aria-hidden": "true",
      });
      label.textContent = rings[i].short;
      svg.append(label);
    }
    svg.append(node("circle", {
      cx: CENTRE, cy: CENTRE, r: TEAM, fill: "#1a1a1a", "aria-hidden": "true",
    }));
    for (const marker of markers) svg.append(drawMarker(marker, rings));
  }

  function drawMarker(marker, rings) {
    const index = rings.findIndex((r) => r.id === marker.ring);
    const group = node("g", {
      class: "kit-proximity-drag-marker",
      role: "slider",
      tabindex: 0,
      "aria-label": marker.label,
      "aria-valuemin": 0,
      "aria-valuemax": rings.length - 1,
      "aria-valuenow": index,
      "aria-valuetext": rings[index] ? rings[index].short : "",
      "aria-orientation": "vertical",
    });
    const [x, y] = position(marker.angle, ringRadius(index));
    const dot = node("circle", {
      cx: x, cy: y, r: 13, fill: VOICE_FILL[marker.voice] || "#56B4E9",
      stroke: "#1a1a1a", "stroke-width": 1.5,
    });
    const text = node("text", {
      x, y: y + 5, "text-anchor": "middle", fill: VOICE_TEXT[marker.voice] || "#1a1a1a",
      class: "kit-proximity-drag-number", "aria-hidden": "true",
    });
    text.textContent = String(marker.number);
    const title = node("title");
    title.textContent = marker.label;
    group.append(title, dot, text);

    group.addEventListener("keydown", (event) => {
      const last = rings.length - 1;
      const steps = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1 };
      let next = index;
      if (event.key in steps) next = index + steps[event.key];
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = last;
      else return;
      event.preventDefault();
      next = Math.max(0, Math.min(last, next));
      if (next !== index) send(marker.id, rings[next].id);
    });

    group.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      group.setPointerCapture(event.pointerId);
      group.focus();
      const box = svg.getBoundingClientRect();
      const scale = SIZE / box.width;
      const toSvg = (e) => [(e.clientX - box.left) * scale, (e.clientY - box.top) * scale];
      const move = (e) => {
        const [mx, my] = toSvg(e);
        dot.setAttribute("cx", mx);
        dot.setAttribute("cy", my);
        text.setAttribute("x", mx);
        text.setAttribute("y", my + 5);
      };
      const drop = (e) => {
        group.removeEventListener("pointermove", move);
        group.removeEventListener("pointerup", drop);
        group.removeEventListener("pointercancel", drop);
        const [mx, my] = toSvg(e);
        const next = ringAt(mx, my, rings.length);
        if (next !== index) send(marker.id, rings[next].id);
        else draw();
      };
      group.addEventListener("pointermove", move);
      group.addEventListener("pointerup", drop);
      group.addEventListener("pointercancel", drop);
    });
    return group;
  }

  draw();
  model.on("change:markers", draw);
  model.on("change:rings", draw);
  model.on("change:labels", draw);
}

export default { render };
