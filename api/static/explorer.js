// The govgraph explorer: asks the drawings API for a neighbourhood, contact path or reporting chain and
// draws it with vis-network; the node search, node details and vocabulary come from the same API.
// The view's state lives in the query string, so every view can be bookmarked and shared.
"use strict";

(() => {
  const API = "/api/v1";
  const LIST_KEYS = ["levels", "kinds", "families", "to", "open"];
  const VIEW_KEYS = {
    neighbourhood: ["focus", "depth", "at", "tree", "levels", "kinds", "families", "region", "area", "limit", "group",
      "open"],
    path: ["from", "to", "at", "tree"],
    chain: ["chain", "at"],
  };
  const HIDDEN_PROPERTIES = new Set(["uid", "name", "kind", "level", "source", "fictional", "imported_from",
    "import_hash"]);
  const NOTES_SHOWN = 3;
  // Past this many nodes a neighbourhood is drawn grouped (municipalities by county, people by the group they
  // sit in): depth 2 around an LPO is some fifty nodes, unreadable at once. A group opens on click.
  const GROUPED_LIMIT = 40;
  const EXPANDED_LIMIT = 500;
  const DAY = /^\d{4}-\d{2}-\d{2}$/;

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  // The page's state, for the tests and for anyone poking at it from the console.
  const explorer = { network: null, nodes: null, edges: null, drawing: null, state: null };
  window.explorer = explorer;

  // The model's words, in Swedish as the documents use them: filled from /vocabulary.
  const words = { kinds: {}, levels: {}, families: {}, roles: {}, relations: {} };
  const known = new Map(); // uid -> {uid, name, kind, level}: what the search and details have told us

  // Every sentence on the page comes from the one message catalogue (/api/v1/messages), Swedish unless the
  // address asks for ?lang=en; the API is asked in the same language, so its explanations match the page.
  const LANGUAGES = ["sv", "en"];
  const language = LANGUAGES.includes(new URLSearchParams(window.location.search).get("lang"))
    ? new URLSearchParams(window.location.search).get("lang") : "sv";
  let messages = {};
  const t = (key, values = {}) => (messages[key] === undefined ? key : messages[key])
    .replace(/\{(\w+)\}/g, (whole, name) => (values[name] === undefined ? whole : String(values[name])));

  function applyMessages(root = document) {
    document.documentElement.lang = language;
    for (const node of $$("[data-msg]", root)) node.textContent = t(node.dataset.msg);
    for (const [attribute, name] of [["placeholder", "msgPlaceholder"], ["title", "msgTitle"],
      ["aria-label", "msgAriaLabel"]]) {
      for (const node of $$(`[data-${attribute === "aria-label" ? "msg-aria-label" : `msg-${attribute}`}]`, root)) {
        node.setAttribute(attribute, t(node.dataset[name]));
      }
    }
    const other = language === "sv" ? "en" : "sv";
    const switched = new URLSearchParams(window.location.search);
    switched.set("lang", other);
    $("#other-language").href = `${window.location.pathname}?${switched}`;
  }

  // -- small helpers -------------------------------------------------------------------------
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      // Through the CSSOM: the page's content security policy refuses style attributes.
      else if (key === "style") Object.assign(node.style, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  function svg(tag, attributes = {}, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    node.append(...children);
    return node;
  }

  function debounce(action, wait) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => action(...args), wait);
    };
  }

  const kindWord = (kind) => (words.kinds[kind] || kind || "").toString();
  const levelWord = (level) => (level && words.levels[level] ? t("legend.level", { level: words.levels[level] }) : "");
  const roleWord = (role) => (role ? words.roles[role] || role : "");
  const relationWord = (type) => words.relations[type] || type;

  function dates(start, end) {
    if (!start && !end) return "";
    if (start && !end) return t("details.since", { start });
    if (!start) return t("details.until", { end });
    return `${start} – ${end}`;
  }

  // -- the API -------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(problem, status) {
      super(problemText(problem, status));
      this.problem = problem;
      this.status = status;
    }
  }

  function problemText(problem, status) {
    if (!problem || typeof problem !== "object") return t("error.server_answered", { status: status || t("error.nothing") });
    const where = problem.parameter ? t("error.parameter", { parameter: problem.parameter }) : "";
    return `${problem.title || t("error.title")}: ${problem.detail || t("error.no_detail")}${where}`;
  }

  async function api(path, params = {}) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === "" || value === false) continue;
      for (const item of [].concat(value)) url.searchParams.append(key, item);
    }
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json", "Accept-Language": language } });
    } catch (error) {
      throw new ApiError({ title: t("error.no_answer"), detail: t("error.unreachable", { reason: error.message }) });
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(body, response.status);
    return body;
  }

  const nodePath = (uid) => `${API}/nodes/${encodeURIComponent(uid)}`;

  async function describe(uid) {
    if (!known.has(uid)) {
      const found = await api(nodePath(uid));
      known.set(uid, { uid, name: found.name, kind: found.kind, level: found.level });
    }
    return known.get(uid);
  }

  // -- the state in the URL ------------------------------------------------------------------
  function readState() {
    const params = new URLSearchParams(window.location.search);
    const view = params.get("view") || (params.get("from") ? "path" : params.get("chain") ? "chain" : "neighbourhood");
    const state = { view: VIEW_KEYS[view] ? view : "neighbourhood" };
    for (const key of [...VIEW_KEYS[state.view], "selected"]) {
      if (LIST_KEYS.includes(key)) {
        const values = params.getAll(key).filter(Boolean);
        if (values.length) state[key] = values;
      } else if (key === "tree") {
        if (params.get("tree")) state.tree = ["1", "true", "yes"].includes(params.get("tree"));
      } else if (params.get(key)) {
        state[key] = params.get(key);
      }
    }
    return state;
  }

  function stateUrl(state) {
    const params = new URLSearchParams({ view: state.view });
    if (language !== "sv") params.set("lang", language);
    for (const key of [...VIEW_KEYS[state.view], "selected"]) {
      const value = state[key];
      if (value === undefined || value === null || value === "" || value === false) continue;
      for (const item of [].concat(value)) params.append(key, item === true ? "1" : item);
    }
    return `${window.location.pathname}?${params}`;
  }

  function navigate(state) {
    window.history.pushState(null, "", stateUrl(state));
    show(state);
  }

  function remember(state) {
    window.history.replaceState(null, "", stateUrl(state));
  }

  // -- the drawing ---------------------------------------------------------------------------
  function drawingRequest(state) {
    if (state.view === "path") {
      if (!state.from || !state.to || !state.to.length) return null;
      return [`${API}/drawings/path`, { from: state.from, to: state.to, at: state.at, tree: state.tree }];
    }
    if (state.view === "chain") {
      return state.chain ? [`${API}/drawings/chain/${encodeURIComponent(state.chain)}`, { at: state.at }] : null;
    }
    if (!state.focus) return null;
    return [`${API}/drawings/neighbourhood/${encodeURIComponent(state.focus)}`, {
      depth: state.depth, at: state.at, tree: state.tree, levels: state.levels, kinds: state.kinds,
      families: state.families, region: state.region, knowledge_area: state.area, limit: state.limit || GROUPED_LIMIT,
      group_by: state.group, open: state.open,
    }];
  }

  let drawingNumber = 0;

  async function show(state) {
    explorer.state = state;
    showView(state.view);
    fillForm(state);
    hideError();
    const request = drawingRequest(state);
    if (!request) {
      clearDrawing();
      return;
    }
    const number = ++drawingNumber;
    setBusy(true);
    try {
      const drawing = await api(...request);
      if (number === drawingNumber) draw(drawing, state);
    } catch (error) {
      if (number !== drawingNumber) return;
      showError(error);
      document.body.dataset.drawing = "error";
    } finally {
      if (number === drawingNumber) setBusy(false);
    }
  }

  function setBusy(busy) {
    $("#loading").hidden = !busy;
    if (busy) document.body.dataset.drawing = "loading";
  }

  function clearDrawing() {
    if (explorer.network) explorer.network.destroy();
    Object.assign(explorer, { network: null, nodes: null, edges: null, drawing: null });
    $("#empty").hidden = false;
    $("#starts").hidden = false;
    $("#title").textContent = t("stage.choose");
    $("#counts").textContent = "";
    $("#fit").hidden = true;
    $$(".export").forEach((button) => { button.hidden = true; });
    document.title = t("page.title");
    showNotes([]);
    showSteps([], "neighbourhood");
    showLegend(null);
    fillOverview().finally(() => { document.body.dataset.drawing = "idle"; });
  }

  // -- the start page: the national picture ---------------------------------------------------
  const OVERVIEW_LISTED = 12;
  const isoDay = (date) => date.toISOString().slice(0, 10);
  let overviewFilled = false;

  async function fillOverview() {
    if (overviewFilled) return;
    overviewFilled = true;
    const today = new Date();
    const before = new Date(today.getTime() - 90 * 24 * 3600 * 1000);
    try {
      const [coverage, changes, findings] = await Promise.all([api(`${API}/coverage`),
        api(`${API}/changes`, { from: isoDay(before), to: isoDay(today) }), api(`${API}/findings`)]);
      showCoverage(coverage.cells);
      showList($("#latest-changes"), changes.changes.map((change) => el("li", {},
        el("span", { class: "when", text: change.date }), " ", change.subject)), t("overview.no_changes"));
      const open = findings.findings.filter((finding) => finding.severity !== "info");
      showList($("#open-findings"), open.map((finding) => el("li", {},
        el("span", { class: `severity ${finding.severity}`, text: finding.severity }), " ",
        finding.uid ? nodeLink({ uid: finding.uid, name: finding.name, kind: finding.kind }) : null, " ",
        el("span", { class: "muted", text: finding.finding }))), t("overview.no_findings"));
    } catch (error) {
      overviewFilled = false;
      showError(error);
    }
  }

  function showList(list, items, nothing) {
    const shown = items.slice(0, OVERVIEW_LISTED);
    if (items.length > OVERVIEW_LISTED) {
      shown.push(el("li", { class: "muted", text: t("overview.more", { count: items.length - OVERVIEW_LISTED }) }));
    }
    list.replaceChildren(...(shown.length ? shown : [el("li", { class: "muted", text: nothing })]));
  }

  function cellClass(cell) {
    if (cell.reached) return "cell-reached";
    if (cell.lpos || cell.lags) return "cell-body";
    return cell.contacts ? "cell-contact" : "cell-none";
  }

  // Knowledge areas down, regions across; each cell leads to the contact path from the area's NPO to the region.
  function showCoverage(cells) {
    const regions = [...new Map(cells.map((cell) => [cell.region, cell.region_name])).entries()];
    const areas = [...new Map(cells.map((cell) => [cell.area, cell.area_name])).entries()];
    const byKey = new Map(cells.map((cell) => [`${cell.area}|${cell.region}`, cell]));
    const head = el("thead", {}, el("tr", {}, el("th", {}),
      regions.map(([uid, name]) => el("th", { scope: "col", title: name, dataset: { region: uid } },
        name.replace(/^Region /, "")))));
    const rows = areas.map(([area, areaName]) => el("tr", { dataset: { area } }, el("th", { scope: "row", text: areaName }),
      regions.map(([region]) => {
        const cell = byKey.get(`${area}|${region}`);
        const title = t("overview.cell", { area: areaName, region: cell.region_name, lpos: cell.lpos, lags: cell.lags,
          contacts: cell.contacts, reached: cell.reached || 0, municipalities: cell.municipalities });
        const link = el("a", { href: stateUrl({ view: "path", from: cell.npo, to: [cell.region] }), title,
          text: cell.reached ? String(cell.reached) : "",
          onclick: (event) => {
            event.preventDefault();
            navigate({ view: "path", from: cell.npo, to: [cell.region] });
          } });
        return el("td", { class: cellClass(cell) }, link);
      })));
    $("#coverage").replaceChildren(head, el("tbody", {}, rows));
    $("#coverage-key").replaceChildren(...["none", "contact", "body", "reached"].map((key) => el("span", {
      class: `key cell-${key}` }, "")).flatMap((swatch, index) => [swatch,
      t(`overview.${["none", "contact", "body", "reached"][index]}`)]));
  }

  function draw(drawing, state) {
    explorer.drawing = drawing;
    for (const node of drawing.nodes) {
      if (!node.id.startsWith("group:") && !known.has(node.id)) {
        known.set(node.id, { uid: node.id, name: node.label, kind: node.kind, level: node.governance_level });
      }
    }
    $("#empty").hidden = true;
    $("#starts").hidden = true;
    $("#title").textContent = drawing.title;
    document.title = `${drawing.title} · govgraph`;
    $("#counts").textContent = t("stage.counts", { nodes: drawing.nodes.length, edges: drawing.edges.length });
    $("#fit").hidden = false;
    $("#export-png").hidden = false;
    $("#export-svg").hidden = false;
    $("#export-csv").hidden = !drawing.steps.length;
    showNotes(drawing.notes);
    showSteps(drawing.steps, state.view);
    showLegend(drawing.legend, drawing.steps.some((step) => step.fallback));
    if (explorer.network) explorer.network.destroy();
    explorer.nodes = new vis.DataSet(drawing.nodes);
    explorer.edges = new vis.DataSet(drawing.edges);
    const options = pageOptions(drawing);
    const network = new vis.Network($("#network"), { nodes: explorer.nodes, edges: explorer.edges }, options);
    explorer.network = network;
    network.on("click", (params) => {
      if (params.nodes.length) selectNode(params.nodes[0]);
      else if (params.edges.length) showEdge(params.edges[0]);
    });
    network.on("doubleClick", (params) => {
      const uid = params.nodes[0];
      if (uid && uid.startsWith("group:")) openGroup(uid);
      else if (uid) centreOn(uid);
    });
    settleThen(network, options, () => {
      if (state.selected && explorer.nodes.get(state.selected)) {
        network.selectNodes([state.selected]);
        selectNode(state.selected, { keepUrl: true });
      } else {
        $("#details").replaceChildren(el("p", { class: "muted", text: t("details.click_or_centre") }));
      }
    });
  }

  // Labels of many lines at once are unreadable; past this many only the highlighted ones keep theirs.
  const QUIET_EDGE_LABELS = 45;
  const LAYOUT_SEED = 7;

  function pageOptions(drawing) {
    const options = structuredClone(drawing.options);
    options.interaction = { ...(options.interaction || {}), keyboard: false, multiselect: false };
    // A fixed seed lays the same drawing out the same way each time, so a shared link shows the same picture.
    options.layout = { randomSeed: LAYOUT_SEED, ...(options.layout || {}) };
    if (drawing.edges.length > QUIET_EDGE_LABELS) {
      explorer.edges.update(drawing.edges.filter((edge) => !edge.numbers.length).map((edge) => (
        { id: edge.id, label: undefined, hiddenLabel: edge.label })));
    }
    return options;
  }

  // vis-network's own fit counts the nodes' shapes but not labels drawn beside them (a municipality's name
  // under its triangle), so those were cut at the edge; this fits every node's whole box, label included.
  const FIT_MARGIN = 24;

  function fitAll(network, animation = false) {
    const ids = explorer.nodes ? explorer.nodes.getIds() : [];
    if (!ids.length) return;
    const boxes = ids.map((id) => network.getBoundingBox(id));
    const left = Math.min(...boxes.map((box) => box.left));
    const right = Math.max(...boxes.map((box) => box.right));
    const top = Math.min(...boxes.map((box) => box.top));
    const bottom = Math.max(...boxes.map((box) => box.bottom));
    const canvas = $("#network").getBoundingClientRect();
    const scale = Math.min((canvas.width - 2 * FIT_MARGIN) / Math.max(right - left, 1),
      (canvas.height - 2 * FIT_MARGIN) / Math.max(bottom - top, 1), 1.5);
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale,
      animation: animation ? { duration: 400 } : false });
  }

  function settleThen(network, options, done) {
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      fitAll(network);
      // The label boxes are measured as the nodes are drawn where they settled: fit once more after that draw.
      network.once("afterDrawing", () => {
        fitAll(network);
        document.body.dataset.drawing = "ready";
        document.body.dataset.drawn = String(drawingNumber);
        done();
      });
      network.redraw();
    };
    if (options.physics && options.physics.enabled === false) {
      network.once("afterDrawing", settle);
    } else {
      network.once("stabilizationIterationsDone", () => {
        // A settled drawing stays put: dragging one node should not set the whole picture moving again.
        network.setOptions({ physics: { enabled: false } });
        settle();
      });
    }
    setTimeout(settle, 8000);
  }

  // A group opens where it stands: the same drawing with its members drawn one by one, and folds again from
  // any of them. The opened groups are in the address, like the rest of the view.
  function openGroup(uid) {
    if (explorer.state.view !== "neighbourhood") return;
    const open = [...new Set([...(explorer.state.open || []), uid])];
    navigate({ ...explorer.state, open, selected: undefined });
  }

  function foldGroup(uid) {
    const open = (explorer.state.open || []).filter((group) => group !== uid);
    navigate({ ...explorer.state, open: open.length ? open : undefined, selected: undefined });
  }

  function centreOn(uid) {
    const current = explorer.state.view === "neighbourhood" ? explorer.state : {};
    navigate({ ...current, view: "neighbourhood", focus: uid, depth: current.depth || "1", selected: uid });
  }

  // -- taking the drawing away: PNG, SVG and the hops as CSV ---------------------------------------
  function fileName(extension) {
    const base = (explorer.drawing ? explorer.drawing.title : "govgraph").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
    return `${base || "govgraph"}.${extension}`;
  }

  function save(blob, extension) {
    Promise.resolve(blob).then((contents) => {
      const link = el("a", { href: URL.createObjectURL(contents), download: fileName(extension) });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    });
  }

  function pngBlob() {
    const canvas = $("#network canvas");
    // The canvas is transparent where nothing is drawn; a picture to take away has a white ground.
    const picture = el("canvas", { width: canvas.width, height: canvas.height });
    const context = picture.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, picture.width, picture.height);
    context.drawImage(canvas, 0, 0);
    return new Promise((resolve) => picture.toBlob(resolve, "image/png"));
  }

  const escapeXml = (text) => String(text).replace(/[<>&"']/g, (character) => (
    { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[character]));

  // The drawing as it stands, from the network's own coordinates: a line with an arrow per edge, a box or
  // a dot per node in its colour, and the labels.
  function drawingSvg() {
    const network = explorer.network;
    const positions = network.getPositions();
    const ids = explorer.nodes.getIds();
    const boxes = Object.fromEntries(ids.map((id) => [id, network.getBoundingBox(id)]));
    const left = Math.min(...ids.map((id) => boxes[id].left)) - FIT_MARGIN;
    const top = Math.min(...ids.map((id) => boxes[id].top)) - FIT_MARGIN;
    const width = Math.max(...ids.map((id) => boxes[id].right)) - left + FIT_MARGIN;
    const height = Math.max(...ids.map((id) => boxes[id].bottom)) - top + FIT_MARGIN;
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${left} ${top} ${width} ${height}" ` +
      `width="${Math.round(width)}" height="${Math.round(height)}" font-family="sans-serif">`,
    `<title>${escapeXml(explorer.drawing.title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ' +
      'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="#ffffff"/>`];
    for (const edge of explorer.edges.get()) {
      const [from, to] = [positions[edge.from], positions[edge.to]];
      if (!from || !to) continue;
      const colour = typeof edge.color === "string" ? edge.color : "#555";
      const arrow = edge.arrows === "from" ? 'marker-start="url(#arrow)"' : 'marker-end="url(#arrow)"';
      parts.push(`<line x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}" stroke="${escapeXml(colour)}" ` +
        `stroke-width="${edge.width || 1}" ${arrow}/>`);
      if (edge.label) {
        parts.push(`<text x="${(from.x + to.x) / 2}" y="${(from.y + to.y) / 2}" font-size="11" ` +
          `text-anchor="middle" fill="#333">${escapeXml(edge.label)}</text>`);
      }
    }
    for (const node of explorer.nodes.get()) {
      const box = boxes[node.id];
      const place = positions[node.id];
      const fill = node.color && node.color.background ? node.color.background : "#cbd2d9";
      const stroke = node.color && node.color.border ? node.color.border : "#4b5563";
      parts.push(`<g data-id="${escapeXml(node.id)}">`);
      if (LABEL_INSIDE_SHAPES.has(node.shape)) {
        parts.push(`<rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" ` +
          `height="${box.bottom - box.top}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${node.borderWidth || 1}"/>`,
        `<text x="${place.x}" y="${place.y + 4}" font-size="13" text-anchor="middle" fill="#ffffff">` +
          `${escapeXml(node.label)}</text>`);
      } else {
        parts.push(`<circle cx="${place.x}" cy="${place.y}" r="${node.size || 12}" fill="${fill}" stroke="${stroke}" ` +
          `stroke-width="${node.borderWidth || 1}"/>`,
        `<text x="${place.x}" y="${box.bottom - 2}" font-size="13" text-anchor="middle" fill="#222">` +
          `${escapeXml(node.label)}</text>`);
      }
      parts.push("</g>");
    }
    parts.push("</svg>");
    return parts.join("\n");
  }

  const LABEL_INSIDE_SHAPES = new Set(["box", "ellipse", "database", "text", "circle"]);

  function csvCell(value) {
    const text = String(value === null || value === undefined ? "" : value);
    return /[;"\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  // The hop list as the side panel shows it, one hop a row; `;` as Swedish spreadsheets expect.
  function hopsCsv() {
    const rows = [t("export.columns").split(";")];
    for (const step of explorer.drawing.steps) {
      rows.push([step.route, step.number, step.explanation, step.source_name || "", step.source || "",
        step.remarks.join(" | ")]);
    }
    return `\ufeff${rows.map((row) => row.map(csvCell).join(";")).join("\r\n")}\r\n`;
  }

  // -- errors and notes ----------------------------------------------------------------------
  function showError(error) {
    const box = $("#error");
    box.replaceChildren(el("strong", { text: t("error.could_not_draw") }), error.message || String(error),
      el("button", { type: "button", class: "close", "aria-label": t("error.dismiss"), text: "×", onclick: hideError }));
    box.hidden = false;
  }

  function hideError() {
    $("#error").hidden = true;
  }

  function showNotes(notes) {
    const list = $("#note-list");
    list.replaceChildren();
    $("#notes").hidden = !notes.length;
    notes.forEach((text, index) => list.append(el("li", { hidden: index >= NOTES_SHOWN && notes.length > NOTES_SHOWN + 1 },
      text)));
    if (notes.length > NOTES_SHOWN + 1) {
      const more = el("li", { class: "more" }, el("button", {
        type: "button", class: "link", text: t("notes.more", { count: notes.length - NOTES_SHOWN }),
        onclick: () => {
          $$("li", list).forEach((item) => { item.hidden = false; });
          more.remove();
        },
      }));
      list.append(more);
    }
  }

  // -- hops beside the drawing ---------------------------------------------------------------
  // Where routes share their opening hops (a county's municipalities all start NPO → RPO → LPO → LAG),
  // later routes name the shared ones instead of repeating them, as `govgraph viz` does.
  function routeListing(steps) {
    const routes = new Map();
    for (const step of steps) {
      if (!routes.has(step.route)) routes.set(step.route, []);
      routes.get(step.route).push(step);
    }
    const seen = new Map();
    const listing = [];
    for (const [route, routeSteps] of routes) {
      let shared = 0;
      while (shared < routeSteps.length && seen.has(`${routeSteps[shared].number}|${routeSteps[shared].edge}`)) shared += 1;
      const sharedWith = shared ? seen.get(`1|${routeSteps[0].edge}`) : null;
      listing.push({ route, shared, sharedWith, steps: routeSteps.slice(shared) });
      for (const step of routeSteps) {
        const key = `${step.number}|${step.edge}`;
        if (!seen.has(key)) seen.set(key, route);
      }
    }
    return listing;
  }

  function showSteps(steps, view) {
    const panel = $("#steps-panel");
    const box = $("#steps");
    box.replaceChildren();
    panel.hidden = !steps.length;
    if (!steps.length) return;
    $("#steps-title").textContent = t(view === "chain" ? "steps.title_chain" : "steps.title_path");
    for (const route of routeListing(steps)) {
      const heading = view === "chain" ? t("steps.from", { source: route.route }) : t("steps.to", { target: route.route });
      const list = el("ol", { class: "steps" });
      if (route.shared) {
        const span = route.shared > 1 ? `1–${route.shared}` : "1";
        list.append(el("li", { class: "shared muted", value: 1 }, t("steps.shared", { span, route: route.sharedWith })));
      }
      for (const step of route.steps) list.append(stepItem(step));
      box.append(el("section", { class: "route" }, el("h3", { text: heading }), list));
    }
  }

  function stepItem(step) {
    const item = el("li", {
      value: step.number, class: step.fallback ? "step fallback" : "step", dataset: { edge: step.edge },
      tabindex: 0, title: t("steps.show"),
    },
    el("span", { class: "number", text: step.number }),
    el("div", { class: "body" },
      el("div", { class: "explanation", text: step.explanation }),
      step.remarks.map((remark) => el("div", { class: "remark", text: remark })),
      step.source ? sourceLine(step.source, step.source_name) : null));
    const pick = () => {
      if (!explorer.network || !explorer.edges.get(step.edge)) return;
      explorer.network.selectEdges([step.edge]);
      showEdge(step.edge);
    };
    item.addEventListener("click", pick);
    item.addEventListener("keydown", (event) => { if (event.key === "Enter") pick(); });
    item.addEventListener("mouseenter", () => {
      if (explorer.network && explorer.edges.get(step.edge)) explorer.network.selectEdges([step.edge]);
    });
    return item;
  }

  // -- legend --------------------------------------------------------------------------------
  const SHAPE_STROKE = "#4b5563";
  const SHAPE_FILL = "#cbd2d9";

  function shapeIcon(shape) {
    const common = { fill: SHAPE_FILL, stroke: SHAPE_STROKE, "stroke-width": 1.2 };
    const figures = {
      box: () => svg("rect", { x: 1, y: 4, width: 18, height: 12, rx: 2, ...common }),
      ellipse: () => svg("ellipse", { cx: 10, cy: 10, rx: 9, ry: 6, ...common }),
      hexagon: () => svg("polygon", { points: "5,2 15,2 19,10 15,18 5,18 1,10", ...common }),
      diamond: () => svg("polygon", { points: "10,1 19,10 10,19 1,10", ...common }),
      square: () => svg("rect", { x: 3, y: 3, width: 14, height: 14, ...common }),
      triangleDown: () => svg("polygon", { points: "2,3 18,3 10,18", ...common }),
      triangle: () => svg("polygon", { points: "10,2 18,17 2,17", ...common }),
      star: () => svg("polygon", { points: "10,1 12.6,7 19,7.4 14,11.6 15.6,18 10,14.5 4.4,18 6,11.6 1,7.4 7.4,7", ...common }),
      database: () => svg("g", {}, svg("path", { d: "M3,5 v10 a7,3 0 0,0 14,0 v-10", ...common }),
        svg("ellipse", { cx: 10, cy: 5, rx: 7, ry: 3, ...common })),
    };
    const figure = (figures[shape] || (() => svg("circle", { cx: 10, cy: 10, r: 6, ...common })))();
    return svg("svg", { width: 20, height: 20, viewBox: "0 0 20 20", "aria-hidden": "true", class: "icon" }, figure);
  }

  function lineIcon(colour, dashes, width) {
    const line = { x1: 0, y1: 6, x2: 34, y2: 6, stroke: colour, "stroke-width": width };
    if (dashes && dashes.length) line["stroke-dasharray"] = dashes.join(" ");
    return svg("svg", { width: 34, height: 12, "aria-hidden": "true", class: "icon" }, svg("line", line));
  }

  function legendGroup(title, items) {
    return el("div", { class: "legend-group" }, el("h3", { text: title }), el("ul", {}, items));
  }

  function showLegend(legend, fallback = false) {
    const box = $("#legend");
    box.replaceChildren();
    if (!legend) {
      box.append(el("p", { class: "muted", text: t("legend.empty") }));
      return;
    }
    box.append(legendGroup(t("legend.levels"), legend.levels.map((entry) => el("li", {},
      el("span", { class: "swatch", style: { background: entry.color } }), entry.label))));
    box.append(legendGroup(t("legend.kinds"), legend.shapes.map((entry) => el("li", {}, shapeIcon(entry.shape),
      entry.label))));
    const lines = legend.families.map((entry) => el("li", {}, lineIcon(entry.color, entry.dashes, entry.width + 1),
      entry.label));
    if (legend.highlight) {
      lines.push(el("li", {}, lineIcon(legend.highlight.color, null, 5), legend.highlight.label));
      if (fallback) {
        lines.push(el("li", {}, lineIcon(legend.highlight.fallback_color, null, 5),
          t("legend.fallback", { label: legend.highlight.label })));
      }
    }
    box.append(legendGroup(t("legend.relations"), lines));
    box.append(el("p", { class: "legend-foot muted" }, el("span", { class: "focus-mark" }), t("legend.focus")));
  }

  // -- details of what was clicked -----------------------------------------------------------
  // A source by the document's title and issuer (from the register); the citation itself stays on hand.
  function sourceLine(source, name) {
    return el("div", { class: "source", title: source, dataset: { source } }, t("steps.source", { document: name || source }));
  }

  function nodeLink(entity) {
    known.set(entity.uid, entity);
    const drawn = explorer.nodes && explorer.nodes.get(entity.uid);
    const link = el("a", {
      href: stateUrl({ view: "neighbourhood", focus: entity.uid, depth: "1", selected: entity.uid }),
      title: t("details.centre_on", { name: entity.name }),
      onclick: (event) => {
        event.preventDefault();
        centreOn(entity.uid);
      },
    }, drawn ? drawn.label : entity.name);
    return drawn ? link : el("span", {}, link, el("span", { class: "kind-word", text: ` ${kindWord(entity.kind)}` }));
  }

  async function selectNode(uid, { keepUrl = false } = {}) {
    if (!keepUrl && explorer.state) {
      explorer.state = { ...explorer.state, selected: uid.startsWith("group:") ? undefined : uid };
      remember(explorer.state);
    }
    const drawn = explorer.nodes && explorer.nodes.get(uid);
    const box = $("#details");
    if (uid.startsWith("group:")) {
      const [label, ...members] = (drawn ? drawn.title : uid).split("\n");
      const neighbourhood = explorer.state.view === "neighbourhood";
      const open = neighbourhood ? el("button", {
        type: "button", class: "primary", id: "open-group", text: t("details.open_group"),
        onclick: () => openGroup(uid),
      }) : null;
      const expand = neighbourhood ? el("button", {
        type: "button", id: "expand-group", text: t("details.expand"),
        onclick: () => navigate({ ...explorer.state, limit: String(EXPANDED_LIMIT), open: undefined, selected: undefined }),
      }) : null;
      box.replaceChildren(el("h3", { text: label }), el("div", { class: "actions" }, open, expand),
        el("p", { class: "muted", text: t("details.group") }),
        el("ul", { class: "plain" }, members.map((name) => el("li", { text: name }))));
      return;
    }
    box.replaceChildren(el("p", { class: "muted", text: t("details.reading") }));
    try {
      const detail = await api(nodePath(uid));
      if (!explorer.state || (explorer.state.selected && explorer.state.selected !== uid && !keepUrl)) return;
      box.replaceChildren(...nodeDetails(detail, drawn));
    } catch (error) {
      box.replaceChildren(el("p", { class: "error-text", text: error.message }));
    }
  }

  function nodeDetails(detail, drawn) {
    known.set(detail.uid, { uid: detail.uid, name: detail.name, kind: detail.kind, level: detail.level });
    const colour = drawn && drawn.color ? drawn.color.background : null;
    const kindLine = [kindWord(detail.kind), levelWord(detail.level)].filter(Boolean).join(", ");
    const parts = [
      el("h3", { class: "detail-name" }, colour ? el("span", { class: "swatch", style: { background: colour } }) : null,
        drawn ? drawn.label : detail.name),
      el("div", { class: "detail-kind" }, kindLine, detail.properties.fictional ? el("span", { class: "tag",
        text: t("details.fictional") }) : null),
      el("div", { class: "uid", text: detail.uid }),
      nodeActions(detail),
      propertyList(detail),
    ];
    parts.push(membershipList(t("details.sits_in"), detail.memberships, (seat) => seat.group));
    parts.push(membershipList(t("details.members"), detail.members, (seat) => seat.member));
    parts.push(edgeList(detail));
    return parts.filter(Boolean);
  }

  function nodeActions(detail) {
    const actions = el("div", { class: "actions" },
      el("button", { type: "button", text: t("details.centre"), onclick: () => centreOn(detail.uid) }),
      el("button", { type: "button", text: t("details.chain"),
        onclick: () => navigate({ view: "chain", chain: detail.uid, at: explorer.state.at }) }),
      el("button", { type: "button", text: t("details.path_from"),
        onclick: () => navigate({ view: "path", from: detail.uid, to: pathTargets(), at: explorer.state.at }) }),
      el("button", { type: "button", text: t("details.path_to"),
        onclick: () => navigate({ view: "path", from: explorer.state.from, to: [detail.uid], at: explorer.state.at }) }));
    const drawn = explorer.nodes && explorer.nodes.get(detail.uid);
    if (drawn && drawn.opened_group) {
      actions.append(el("button", { type: "button", id: "fold-group", text: t("details.fold_group", {
        group: drawn.opened_label }), onclick: () => foldGroup(drawn.opened_group) }));
    }
    return actions;
  }

  function pathTargets() {
    return explorer.state.view === "path" ? explorer.state.to : undefined;
  }

  function propertyList(detail) {
    const rows = [];
    for (const [key, value] of Object.entries(detail.properties)) {
      if (HIDDEN_PROPERTIES.has(key) || value === null || value === "" ||
          (Array.isArray(value) && !value.length)) continue;
      const named = messages[`property.${key}`];
      rows.push(el("dt", { text: named === undefined ? key.replaceAll("_", " ") : named }),
        el("dd", { text: [].concat(value).join(", ") }));
    }
    if (detail.source) rows.push(el("dt", { text: t("details.source") }), el("dd", {}, sourceLine(detail.source, detail.source_name)));
    return rows.length ? el("dl", { class: "properties" }, rows) : null;
  }

  function membershipList(title, seats, other) {
    if (!seats.length) return null;
    const items = seats.map((seat) => el("li", {},
      el("div", {}, nodeLink(other(seat))),
      el("div", { class: "seat" }, seat.role ? el("span", { class: "role", text: roleWord(seat.role) }) : null,
        el("span", { class: "when", text: dates(seat.start, seat.end) })),
      seat.source ? sourceLine(seat.source, seat.source_name) : null));
    return el("section", { class: "detail-list" }, el("h4", { text: `${title} (${seats.length})` }),
      el("ul", { class: "plain" }, items));
  }

  function edgeList(detail) {
    const edges = [...detail.outgoing, ...detail.incoming];
    if (!edges.length) return null;
    const items = edges.map((edge) => el("li", {},
      el("span", { class: "relation", text: edge.direction === "out" ? `${relationWord(edge.type)} →`
        : `← ${relationWord(edge.type)}` }),
      " ", nodeLink(edge.other),
      edge.role ? el("span", { class: "role", text: roleWord(edge.role) }) : null,
      el("span", { class: "when", text: dates(edge.start, edge.end) })));
    return el("section", { class: "detail-list" }, el("h4", { text: `${t("details.relations")} (${edges.length})` }),
      el("ul", { class: "plain" }, items));
  }

  function showEdge(id) {
    const edge = explorer.edges && explorer.edges.get(id);
    if (!edge) return;
    const [label, ...lines] = edge.title.split("\n");
    const ends = [explorer.nodes.get(edge.from), explorer.nodes.get(edge.to)];
    $("#details").replaceChildren(
      el("h3", { text: label }),
      el("p", {}, ends[0] ? ends[0].label : edge.from, " → ", ends[1] ? ends[1].label : edge.to),
      el("ul", { class: "plain" }, lines.map((line) => el("li", { text: line }))));
  }

  // -- search pickers ------------------------------------------------------------------------
  // The search answers in name order; the picker reads a good many and shows the best matches first, so
  // "Örebro" offers Örebro kommun before the dozens of bodies with Örebro in their ids.
  const SEARCH_READ = 200;
  const SEARCH_SHOWN = 12;
  const folded = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  function bestFirst(entities, text) {
    const wanted = folded(text);
    const rank = (entity) => {
      const name = folded(entity.name);
      if (name === wanted) return 0;
      if (name.startsWith(wanted)) return 1;
      if (name.split(/[\s-]+/).some((word) => word.startsWith(wanted))) return 2;
      return name.includes(wanted) ? 3 : 4;
    };
    return entities.map((entity, index) => ({ entity, index, rank: rank(entity) }))
      .sort((one, other) => one.rank - other.rank || one.index - other.index)
      .map((ranked) => ranked.entity);
  }

  class Picker {
    constructor(root, onChange) {
      this.root = root;
      this.multiple = root.dataset.multiple === "true";
      this.input = $("input", root);
      this.list = $(".suggestions", root);
      this.chips = $(".chips", root);
      this.chosen = [];
      this.options = [];
      this.active = -1;
      this.onChange = onChange;
      this.input.addEventListener("input", debounce(() => this.search(), 180));
      this.input.addEventListener("keydown", (event) => this.key(event));
      this.input.addEventListener("blur", () => setTimeout(() => { this.list.hidden = true; }, 150));
    }

    get uids() {
      return this.chosen.map((entity) => entity.uid);
    }

    async search() {
      const text = this.input.value.trim();
      if (text.length < 2) {
        this.list.hidden = true;
        return;
      }
      try {
        const page = await api(`${API}/nodes`, { q: text, limit: SEARCH_READ });
        if (this.input.value.trim() !== text) return;
        this.options = bestFirst(page.items, text).slice(0, SEARCH_SHOWN);
        this.render(page.total);
      } catch (error) {
        this.list.replaceChildren(el("li", { class: "error-text", text: error.message }));
        this.list.hidden = false;
      }
    }

    render(total) {
      this.active = this.options.length ? 0 : -1;
      const items = this.options.map((entity, index) => el("li", {
        role: "option", class: index === this.active ? "active" : "", dataset: { uid: entity.uid },
        onmousedown: (event) => {
          event.preventDefault();
          this.choose(entity);
        },
      }, el("span", { class: "name", text: entity.name }),
      el("span", { class: "meta", text: [kindWord(entity.kind), levelWord(entity.level)].filter(Boolean).join(", ") })));
      if (!items.length) items.push(el("li", { class: "muted", text: t("search.nothing") }));
      if (total > this.options.length) {
        items.push(el("li", { class: "muted", text: t("search.more", { count: total - this.options.length }) }));
      }
      this.list.replaceChildren(...items);
      this.list.hidden = false;
    }

    key(event) {
      if (this.list.hidden || !this.options.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        this.active = (this.active + step + this.options.length) % this.options.length;
        $$("li[role=option]", this.list).forEach((item, index) => item.classList.toggle("active", index === this.active));
      } else if (event.key === "Enter") {
        event.preventDefault();
        this.choose(this.options[this.active]);
      } else if (event.key === "Escape") {
        this.list.hidden = true;
      }
    }

    choose(entity) {
      known.set(entity.uid, entity);
      this.chosen = this.multiple ? [...this.chosen.filter((item) => item.uid !== entity.uid), entity] : [entity];
      this.input.value = "";
      this.list.hidden = true;
      this.renderChips();
      this.onChange();
    }

    async set(uids) {
      const wanted = [].concat(uids || []);
      this.chosen = await Promise.all(wanted.map((uid) => describe(uid).catch(() => ({ uid, name: uid, unknown: true }))));
      this.renderChips();
    }

    renderChips() {
      this.chips.replaceChildren(...this.chosen.map((entity) => el("span", {
        class: entity.unknown ? "chip unknown" : "chip", title: entity.uid, dataset: { uid: entity.uid },
      }, el("span", { class: "chip-name", text: entity.name }),
      entity.kind ? el("span", { class: "chip-kind", text: kindWord(entity.kind) }) : null,
      el("button", {
        type: "button", class: "chip-remove", "aria-label": t("search.remove", { name: entity.name }), text: "×",
        onclick: () => {
          this.chosen = this.chosen.filter((item) => item.uid !== entity.uid);
          this.renderChips();
        },
      }))));
      this.input.placeholder = this.chosen.length && !this.multiple ? t("search.another")
        : this.input.dataset.placeholder || this.input.placeholder;
    }
  }

  // -- the forms -----------------------------------------------------------------------------
  const pickers = {};

  function checkboxes(box, name, entries) {
    box.replaceChildren(...entries.map(([key, label]) => el("label", { class: "check" },
      el("input", { type: "checkbox", name, value: key }), ` ${label}`)));
  }

  function checkedValues(form, name) {
    return $$(`input[name=${name}]:checked`, form).map((input) => input.value);
  }

  function formState(view) {
    const form = $(`#form-${view}`);
    const at = $("input[name=at]", form).value || undefined;
    if (view === "path") {
      return { view, from: pickers.from.uids[0], to: pickers.to.uids, at, tree: $("input[name=tree]", form).checked };
    }
    if (view === "chain") return { view, chain: pickers.chain.uids[0], at };
    const listed = (name) => {
      const values = checkedValues(form, name);
      return values.length ? values : undefined;
    };
    const group = $("input[name=group]:checked", form);
    return {
      view, focus: pickers.focus.uids[0], depth: $("input[name=depth]:checked", form).value, at,
      group: group && group.value !== "region" ? group.value : undefined,
      tree: $("input[name=tree]", form).checked, levels: listed("levels"), kinds: listed("kinds"),
      families: listed("families"), region: $("#filter-region").value || undefined,
      area: $("#filter-area").value || undefined,
    };
  }

  function fillForm(state) {
    const form = $(`#form-${state.view}`);
    $("input[name=at]", form).value = state.at || "";
    if (state.view === "path") {
      pickers.from.set(state.from);
      pickers.to.set(state.to);
      $("input[name=tree]", form).checked = Boolean(state.tree);
      return;
    }
    if (state.view === "chain") {
      pickers.chain.set(state.chain);
      return;
    }
    pickers.focus.set(state.focus);
    const depth = $(`input[name=depth][value="${state.depth || "1"}"]`, form);
    if (depth) depth.checked = true;
    $("input[name=tree]", form).checked = Boolean(state.tree);
    const group = $(`input[name=group][value="${state.group || "region"}"]`, form);
    if (group) group.checked = true;
    for (const name of ["levels", "kinds", "families"]) {
      $$(`input[name=${name}]`, form).forEach((input) => { input.checked = (state[name] || []).includes(input.value); });
    }
    setSelect($("#filter-region"), state.region);
    setSelect($("#filter-area"), state.area);
    countFilters(state);
  }

  function setSelect(select, value) {
    if (value && !$$("option", select).some((option) => option.value === value)) {
      select.append(el("option", { value, text: value }));
    }
    select.value = value || "";
  }

  function countFilters(state) {
    const count = ["levels", "kinds", "families", "region", "area"].filter((key) => state[key] && state[key].length).length;
    $("#filter-count").textContent = count ? t("filters.on", { count }) : "";
    if (count) $("#filters").open = true;
  }

  function showView(view) {
    $$(".view-form").forEach((form) => { form.hidden = form.dataset.view !== view; });
    $$(".views button").forEach((button) => button.setAttribute("aria-selected", String(button.dataset.view === view)));
  }

  function submitView(view) {
    const state = formState(view);
    if (drawingRequest(state)) navigate(state);
  }

  function wireForms() {
    for (const form of $$(".view-form")) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const state = formState(form.dataset.view);
        if (!drawingRequest(state)) {
          showError(new Error(t(form.dataset.view === "path" ? "error.choose_path" : "error.choose_focus")));
          return;
        }
        if (state.at && !DAY.test(state.at)) {
          showError(new Error(t("field.date_invalid")));
          return;
        }
        navigate(state);
      });
    }
    const neighbourhoodForm = $("#form-neighbourhood");
    neighbourhoodForm.addEventListener("change", (event) => {
      if (event.target.closest(".picker")) return;
      countFilters(formState("neighbourhood"));
      submitView("neighbourhood");
    });
    $("#clear-filters").addEventListener("click", () => {
      $$("#filters input[type=checkbox]").forEach((input) => { input.checked = false; });
      $("#filter-region").value = "";
      $("#filter-area").value = "";
      countFilters({});
      submitView("neighbourhood");
    });
    $("#form-path input[name=tree]").addEventListener("change", () => submitView("path"));
    $$(".views button").forEach((button) => button.addEventListener("click", () => {
      const view = button.dataset.view;
      showView(view);
      if (drawingRequest(formState(view))) submitView(view);
    }));
    $("#fit").addEventListener("click", () => explorer.network && fitAll(explorer.network, true));
    $("#export-png").addEventListener("click", () => save(pngBlob(), "png"));
    $("#export-svg").addEventListener("click", () => save(new Blob([drawingSvg()], { type: "image/svg+xml" }), "svg"));
    $("#export-csv").addEventListener("click", () => save(new Blob([hopsCsv()], { type: "text/csv" }), "csv"));
  }

  function makePickers() {
    for (const root of $$(".picker")) {
      const input = $("input", root);
      input.dataset.placeholder = input.placeholder;
      const view = root.closest(".view-form").dataset.view;
      const name = root.dataset.name;
      // A new focus or chain subject is drawn at once; a path once it has both ends.
      pickers[name] = new Picker(root, () => submitView(view));
    }
  }

  // -- start-up ------------------------------------------------------------------------------
  function learnWords(vocabulary) {
    const table = (terms) => Object.fromEntries(terms.map((term) => [term.key, term[language]]));
    words.kinds = table(vocabulary.kinds);
    words.levels = table(vocabulary.levels);
    words.families = table(vocabulary.families);
    words.roles = table(vocabulary.roles);
    words.relations = table(vocabulary.relation_types);
    checkboxes($("#filter-levels"), "levels", vocabulary.levels.map((term) => [term.key, term[language]]));
    checkboxes($("#filter-families"), "families", vocabulary.families.map((term) => [term.key, term[language]]));
    checkboxes($("#filter-kinds"), "kinds", vocabulary.kinds.map((term) => [term.key, term[language]]));
  }

  async function fillChoices(select, kind) {
    const page = await api(`${API}/nodes`, { kind, limit: 500 });
    const current = select.value;
    select.append(...page.items.filter((entity) => entity.uid !== current).map((entity) => {
      known.set(entity.uid, entity);
      return el("option", { value: entity.uid, text: entity.name });
    }));
    const named = $$("option", select).find((option) => option.value === current && option.textContent === current);
    if (named && known.has(current)) named.textContent = known.get(current).name;
  }

  // Every national programme area (there are 26): the start list is where a new user finds their own.
  const STARTS = 100;

  async function fillStarts() {
    const npos = await api(`${API}/nodes`, { kind: "npo", limit: STARTS });
    $("#start-list").replaceChildren(...npos.items.map((entity) => el("li", {}, nodeLink(entity))));
  }

  async function start() {
    try {
      messages = (await api(`${API}/messages`, { lang: language })).messages;
    } catch (error) {
      showError(error);
    }
    applyMessages();
    makePickers();
    wireForms();
    window.addEventListener("popstate", () => show(readState()));
    try {
      learnWords(await api(`${API}/vocabulary`));
    } catch (error) {
      showError(error);
    }
    const state = readState();
    await show(state);
    Promise.all([fillChoices($("#filter-region"), "region"), fillChoices($("#filter-area"), "knowledge_area"),
      fillStarts()]).catch(showError);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
