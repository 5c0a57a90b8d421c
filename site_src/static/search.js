// Search on every page: type-ahead under each form.search-box, and full results with filters on /cari/.
// Plain ES module, no dependencies; all data reaches the DOM through textContent.
import { SearchIndex, SearchUnavailable, groupDigits } from "./search-core.js";

const BASE = document.documentElement.dataset.base || "/";
const INDEX_URL = `${BASE}cari/indeks/`;
const SUGGESTIONS = 8;
const PAGE_SIZE = 20;
const PREFETCH = 60;
const URL_DELAY = 250;
const FILTERS = ["predikat", "tahun", "kategori", "provinsi"];
const CATEGORY_LABELS = { kementerian: "Kementerian", lembaga: "Lembaga", provinsi: "Pemerintah provinsi",
  kabupaten: "Pemerintah kabupaten", kota: "Pemerintah kota" };

// An index file with no answer after this long counts as not loaded (a phone on patchy data): the reader is
// told so and offered a retry, rather than waiting on a spinner or reading an empty answer.
const LOAD_TIMEOUT = 8000;
const FAILED = "Pencarian tidak dapat dimuat";

/** Fetch one index file as JSON. A network error, an HTTP error or no answer within LOAD_TIMEOUT rejects:
 * search-core turns it into SearchUnavailable, never into an empty file. */
function loadIndexFile(path) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), LOAD_TIMEOUT);
  return fetch(INDEX_URL + path, { priority: "high", signal: abort.signal })
    .then((response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    })
    .finally(() => clearTimeout(timer));
}

const index = new SearchIndex(loadIndexFile);
// On /cari/, cari/indeks/kunci.js (run just before this module) has set meta.json's content.
if (globalThis.ziSearchMeta) index.useMeta(globalThis.ziSearchMeta);
let firstResultsMarked = false;
let widgetCount = 0;

/** Fetch the small-registry bundles once the reader is about to type (no-op for large registries). */
function warmSoon() {
  index.meta().then(() => index.warmRows(), () => {});
}

/** Create an element with a class and text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Mark the first results on the page and time a keystroke (with the files it had to fetch). */
function markRendered(started, loadsBefore) {
  if (!firstResultsMarked) {
    firstResultsMarked = true;
    performance.mark("zi-search-first-results");
  }
  if (started !== undefined) {
    performance.measure("zi-search-keystroke", { start: started, detail: { fetched: index.loads - loadsBefore } });
  }
}

/** Predicate badges: WBK/WBBM with year, "· penetapan <institution>" when an institution set it itself
 * (not KemenPANRB), and "dicabut" when revoked. */
function badges(row) {
  const box = el("span", "zi-badges");
  for (const [year, predicate, setter] of row.awards) {
    const label = `${predicate} ${year === null ? "(tahun tidak diketahui)" : year}${setter ? ` · penetapan ${setter}` : ""}`;
    box.append(el("span", `badge badge-${predicate.toLowerCase()}`, label), " ");
  }
  if (row.revoked) {
    const revoked = el("span", "badge badge-revoked");
    revoked.append(el("span", "revoked-word", "dicabut"));
    box.append(revoked);
  }
  return box;
}

/** "Institution · City, Province" for one row. */
function placeLine(row) {
  const inst = row.institution.short && row.institution.short !== row.institution.name
    ? `${row.institution.name} (${row.institution.short})` : row.institution.name;
  const place = [row.city, row.province && row.province.name].filter(Boolean).join(", ");
  return place ? `${inst} · ${place}` : inst;
}

/** The URL of /cari/ for a query and filters, parameters in a fixed order. */
function searchUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
  const qs = params.toString();
  return `${BASE}cari/${qs ? `?${qs}` : ""}`;
}

/** Enhance one header search form with a type-ahead listbox. */
function enhanceBox(form) {
  const input = form.querySelector("input[name=q]");
  if (!input || form.dataset.enhanced) return;
  form.dataset.enhanced = "1";
  const id = `zi-saran-${++widgetCount}`;
  const list = el("ul", "zi-suggestions");
  list.id = id;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Saran unit kerja");
  list.hidden = true;
  const status = el("div", "visually-hidden");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.classList.add("zi-search-enhanced");
  form.append(list, status);
  // HTML allows role=combobox on a text input, not on type=search (the Nu checker rejects that);
  // enterkeyhint keeps the search key on phone keyboards.
  input.type = "text";
  input.enterKeyHint = "search";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", id);
  let active = -1, seq = 0;

  const options = () => Array.from(list.children);
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const setActive = (i) => {
    const opts = options();
    if (!opts.length) return;
    active = (i + opts.length) % opts.length;
    opts.forEach((o, n) => o.setAttribute("aria-selected", n === active ? "true" : "false"));
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  };
  const option = (text, href, n) => {
    const li = el("li", "zi-option");
    li.id = `${id}-${n}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    if (href) li.dataset.href = href;
    if (typeof text === "string") li.append(el("span", "zi-option-all", text));
    else li.append(...text);
    return li;
  };
  const show = (result, rows, query, started, loadsBefore) => {
    list.replaceChildren();
    rows.forEach((row, n) => {
      const name = el("span", "zi-option-name", row.name);
      list.append(option([name, " ", badges(row), el("span", "zi-option-meta", placeLine(row))],
        BASE + row.path, n));
    });
    list.append(option(result.partial ? `Cocok sebagian: tidak ada unit yang cocok dengan semua kata “${query}”; lihat ${result.total} yang cocok sebagian`
      : result.total ? `Lihat semua ${result.total} hasil untuk “${query}”`
      : `Tidak tercatat: “${query}”. Tidak tercatat bukan berarti tidak berpredikat; lihat halaman pencarian`, searchUrl({ q: query }), rows.length));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent = result.partial ? `Tidak ada unit yang cocok dengan semua kata; ${result.total} unit cocok sebagian. Gunakan panah bawah untuk memilih.`
      : result.total ? `${result.total} unit cocok. Gunakan panah bawah untuk memilih.`
      : "Tidak ada unit yang cocok.";
    markRendered(started, loadsBefore);
    index.prefetch(result, PREFETCH);
    index.warm();
  };
  // The index did not load: say so, offer a retry and the browse lists; never the empty answer.
  const showFailure = () => {
    list.replaceChildren();
    const retry = option(`${FAILED}. Coba lagi`, "", 0);
    retry.classList.add("zi-option-failed");
    retry.dataset.retry = "1";
    list.append(retry, option("Jelajahi daftar unit menurut instansi, tahun, provinsi atau abjad",
      `${BASE}cari/#jelajah`, 1));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent = `${FAILED}: jaringan terputus atau terlalu lambat. Pilih Coba lagi, atau jelajahi daftar unit.`;
  };
  const update = async (started) => {
    const loadsBefore = index.loads;
    const query = input.value;
    const mine = ++seq;
    if (!query.trim()) { close(); status.textContent = ""; return; }
    try {
      const result = await index.search(query);
      if (result.tooShort) { if (mine === seq) close(); return; }
      const rows = await index.page(result, 0, SUGGESTIONS);
      if (mine === seq) show(result, rows.filter(Boolean), query.trim(), started, loadsBefore);
    } catch (err) {
      if (mine !== seq) return;
      if (err instanceof SearchUnavailable) showFailure();
      else close();
    }
  };
  const choose = (li) => {
    if (li.dataset.retry) update(performance.now());
    else window.location.assign(li.dataset.href);
  };

  input.addEventListener("input", () => {
    index.warmRows();
    update(performance.now());
  });
  input.addEventListener("focus", () => {
    warmSoon();
    if (input.value.trim() && list.children.length) update();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) { if (input.value.trim()) update(); return; }
      event.preventDefault();
      setActive(event.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(options()[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const li = event.target.closest("li[role=option]");
    if (li) choose(li);
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) close();
  });
}

/** The query and filters in the current URL. */
function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: params.get("q") || "" };
  for (const name of FILTERS) state[name] = params.get(name) || "";
  return state;
}

/** One full result item on /cari/. */
function resultItem(row) {
  const li = el("li", "zi-result");
  const link = el("a", "zi-result-name", row.name);
  link.href = BASE + row.path;
  const meta = el("p", "zi-result-meta", placeLine(row));
  const cat = el("span", "zi-result-category", CATEGORY_LABELS[row.institution.category] || "");
  li.append(link, " ", badges(row), meta, cat);
  return li;
}

/** "· saringan dari kata kunci: WBBM, tahun 2021" for the filters the query's own words stand for. */
function queryFilterText(fromQuery) {
  if (!fromQuery) return "";
  const parts = [];
  if (fromQuery.predikat !== undefined) parts.push(fromQuery.predikat || "predikat yang bertentangan");
  if (fromQuery.tahun !== undefined) parts.push(fromQuery.tahun ? `tahun ${fromQuery.tahun}` : "tahun yang bertentangan");
  return parts.length ? ` · saringan dari kata kunci: ${parts.join(", ")}` : "";
}

/** What a search with no match says: the registry is incomplete, and where to send a record
 * (the page's own template, so its links carry the base path and the corrections address). */
function emptyNote() {
  const template = document.getElementById("zi-kosong");
  return template ? template.content.cloneNode(true) : el("p", "zi-hint", "Tidak tercatat di sini bukan berarti tidak berpredikat.");
}

/** The heading and note above matches of only some of the query's words: never passed off as an answer. */
function partialHeading(total) {
  return [el("h2", "zi-partial", "Cocok sebagian"),
    el("p", "zi-hint", `${groupDigits(total)} unit cocok dengan sebagian kata yang Anda ketik, bukan semuanya. Periksa apakah memang unit ini yang Anda cari.`)];
}

/** What /cari/ says when the index did not load: the page's own template (its links carry the base path and
 * lead to the browse lists below), with a retry button. Never the empty answer. */
function failureNote(retry) {
  const box = el("div", "zi-failed");
  box.setAttribute("role", "alert");
  const template = document.getElementById("zi-gagal");
  if (template) box.append(template.content.cloneNode(true));
  else box.append(el("p", "", `${FAILED}.`));
  const button = el("button", "zi-retry", "Coba lagi");
  button.type = "button";
  button.addEventListener("click", retry);
  box.append(button);
  return box;
}

/** The /cari/ page: results for the URL's query and filters, kept in sync with the form and history.
 * Returns the first drawing (a promise). */
function enhanceSearchPage() {
  const form = document.querySelector("form.zi-cari");
  const out = document.getElementById("hasil");
  if (!form || !out) return Promise.resolve();
  const input = form.querySelector("input[name=q]");
  let seq = 0, typing = false, shown = 0, current = null;

  const formState = () => {
    const state = { q: input.value.trim() };
    for (const name of FILTERS) state[name] = form.elements[name] ? form.elements[name].value : "";
    return state;
  };
  const fillForm = (state) => {
    input.value = state.q;
    for (const name of FILTERS) if (form.elements[name]) form.elements[name].value = state[name];
  };
  const moreButton = () => {
    const button = el("button", "zi-more", "Tampilkan lebih banyak");
    button.type = "button";
    button.addEventListener("click", async () => {
      let rows;
      try {
        rows = await index.page(current, shown, PAGE_SIZE);
      } catch (err) {
        if (!(err instanceof SearchUnavailable)) throw err;
        button.replaceWith(failureNote(() => button.click()));
        return;
      }
      const list = out.querySelector("ol");
      const first = list.children.length;
      rows.filter(Boolean).forEach((row) => list.append(resultItem(row)));
      shown += rows.length;
      if (shown >= current.total) button.remove();
      const next = list.children[first] && list.children[first].querySelector("a");
      if (next) next.focus();
    });
    return button;
  };
  const render = async (state, started) => {
    const mine = ++seq;
    const loadsBefore = index.loads;
    const hasFilter = FILTERS.some((name) => state[name]);
    out.classList.toggle("zi-idle", !state.q && !hasFilter);
    if (!state.q && !hasFilter) {
      out.replaceChildren(el("p", "zi-hint", "Ketik nama unit, instansi, kota atau provinsi, atau pilih filter."));
      return;
    }
    let result, rows;
    try {
      result = await index.search(state.q, state);
      if (!firstResultsMarked) performance.mark("zi-search-matched");
      rows = (await index.page(result, 0, PAGE_SIZE)).filter(Boolean);
    } catch (err) {
      if (!(err instanceof SearchUnavailable)) throw err;
      if (mine === seq) {
        out.replaceChildren(failureNote(() => render(formState())));
        out.querySelector(".zi-retry").focus();
      }
      return;
    }
    if (!firstResultsMarked) performance.mark("zi-search-rows");
    if (mine !== seq) return;
    current = result;
    shown = rows.length;
    if (result.tooShort) {
      out.replaceChildren(el("p", "zi-hint", "Ketik paling sedikit dua huruf."));
      return;
    }
    const count = el("p", "zi-count", (result.partial ? "Tidak ada unit yang cocok dengan semua kata."
      : result.total ? `${groupDigits(result.total)} unit ditemukan`
      : "Tidak ada unit yang cocok.") + queryFilterText(result.fromQuery));
    const list = el("ol", "zi-results");
    rows.forEach((row) => list.append(resultItem(row)));
    if (result.partial) out.replaceChildren(count, emptyNote(), ...partialHeading(result.total), list);
    else out.replaceChildren(count, list);
    if (!result.total) out.append(emptyNote());
    if (shown < result.total) out.append(moreButton());
    markRendered(started, loadsBefore);
    index.prefetch(result, PREFETCH);
    index.warm();
  };
  const commit = (push, state = formState()) => {
    const url = searchUrl(state);
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", url);
    }
    return state;
  };

  // Typing replaces the URL URL_DELAY ms late: replaceState is slow in Chromium (docs/search.md).
  let urlTimer = 0, urlState;
  const flushUrl = () => {
    if (urlTimer) commit(false, urlState);
    clearTimeout(urlTimer);
    urlTimer = 0;
  };
  const commitSoon = (push) => {
    if (push) { flushUrl(); return commit(true); }
    urlState = formState();
    clearTimeout(urlTimer);
    urlTimer = setTimeout(flushUrl, URL_DELAY);
    return urlState;
  };

  // The filters fold away on a phone, so results start on the first screen; they open on a wide screen
  // and whenever the URL sets one.
  const filterBox = form.querySelector("details.zi-filters");
  const openFilters = (state) => {
    if (filterBox && (FILTERS.some((name) => state[name]) || window.matchMedia("(min-width: 48rem)").matches)) {
      filterBox.open = true;
    }
  };
  fillForm(readState());
  openFilters(readState());
  const first = render(readState());
  input.addEventListener("input", () => {
    const started = performance.now();
    index.warmRows();
    const state = commitSoon(!typing);
    typing = true;
    render(state, started);
  });
  input.addEventListener("blur", () => { flushUrl(); typing = false; });
  input.addEventListener("focus", warmSoon);
  form.addEventListener("change", (event) => {
    if (event.target === input) return;
    flushUrl();
    typing = false;
    render(commit(true));
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    flushUrl();
    typing = false;
    render(commit(true));
    out.focus();
  });
  window.addEventListener("pagehide", flushUrl);
  window.addEventListener("popstate", () => {
    clearTimeout(urlTimer);
    urlTimer = 0;
    typing = false;
    const state = readState();
    fillForm(state);
    openFilters(state);
    render(state);
  });
  return first;
}

/** Load the search stylesheet once. */
function addStyles() {
  if (document.querySelector("link[data-zi-search]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = `${BASE}static/search.css`;
  link.dataset.ziSearch = "1";
  document.head.append(link);
}

/** Request a shared link's shards and filter lists together, before anything else runs, from the keys of
 * meta.json (set by cari/indeks/kunci.js, run just before this module). The search that draws the results
 * (enhanceSearchPage) finds them in flight (docs/search.md, "Where the first results' time goes"). */
function startEarly() {
  if (window.location.pathname !== `${BASE}cari/` || !globalThis.ziSearchMeta) return;
  const state = readState();
  if (state.q || FILTERS.some((name) => state[name])) index.prefetchQuery(state.q, state, globalThis.ziSearchMeta);
}

/** Enhance the page's search boxes and, on /cari/, draw the results, once the page is parsed. On /cari/ the
 * header's box waits for the first results: until then it is a plain form that submits here. */
function enhance() {
  addStyles();
  const boxes = () => document.querySelectorAll("form.search-box").forEach(enhanceBox);
  if (document.body.dataset.page === "cari") enhanceSearchPage().finally(boxes);
  else boxes();
}

performance.mark("zi-search-start");
startEarly();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
else enhance();
