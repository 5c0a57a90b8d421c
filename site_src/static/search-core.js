// Search core: folding, index decoding, matching and ranking. No DOM, so node can test it.
// The index format is built by sitegen/search.py and described in docs/search.md.

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

export const EXACT = 2;
export const PREFIX = 1;
export const FUZZY = 0;
const FORMER = 62;
const OTHER = 63;
const FUZZY_MIN = 4; // words of four letters or more may carry one typo
const OLD_SPELLING = [["oe", "u"], ["dj", "j"], ["tj", "c"]];
const MARKS = /\p{Mn}/gu;
const APOSTROPHES = /['\u2019`\u00b4]/g;
const TOKEN = /[a-z0-9]+/g;

/** Lower-case, strip accents and apostrophes, map old spelling to the current one. */
export function fold(text) {
  let s = String(text).normalize("NFD").replace(MARKS, "").toLowerCase().replace(APOSTROPHES, "");
  for (const [from, to] of OLD_SPELLING) s = s.split(from).join(to);
  return s;
}

/** The folded words of a text. */
export function tokens(text) {
  return fold(text).match(TOKEN) || [];
}

/** A count with Indonesian digit grouping ("12.345"), as toLocaleString("id-ID") writes it: that call's first use
 * on a page loads the locale's data, 20-60 ms before the first results (docs/search.md). */
export function groupDigits(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

const PREDICATE_WORDS = { wbk: "WBK", wbbm: "WBBM" };
const YEAR = /^(19|20)\d\d$/;
const PENDING = /^(wbb?|(19|20)\d?)$/;

/** Query words and the filters some words stand for: "wbbm 2021 jatim" is WBBM, year 2021, word "jatim".
 * The last word is a prefix unless the query ends with a space; a predicate or a year still being typed
 * ("wb", "202") waits, like a lone letter. */
export function parseQuery(query) {
  const all = tokens(query || "");
  const open = all.length > 0 && !/\s$/.test(query);
  const parsed = [];
  const filters = {};
  let pending = false;
  all.forEach((text, i) => {
    const last = open && i === all.length - 1;
    if (PREDICATE_WORDS[text]) addFilter(filters, "predikat", PREDICATE_WORDS[text]);
    else if (YEAR.test(text)) addFilter(filters, "tahun", text);
    else if (last && PENDING.test(text)) pending = true;
    else parsed.push({ text, prefix: last });
  });
  if (parsed.length > 1 && parsed[parsed.length - 1].prefix && parsed[parsed.length - 1].text.length < 2) {
    parsed.pop();
  }
  const short = (parsed.length === 1 && parsed[0].prefix && parsed[0].text.length < 2) || (pending && !parsed.length);
  const tooShort = short && !Object.keys(filters).length;
  return { words: short ? [] : parsed, filters, tooShort };
}

/** The form's filters with those the query's words stand for; null when the two contradict each other
 * ("wbbm" typed while the form asks for WBK), which matches nothing. */
export function mergeFilters(form, fromQuery) {
  const merged = { ...form };
  for (const name of ["predikat", "tahun"]) {
    const wanted = fromQuery[name];
    if (wanted === undefined) continue;
    const chosen = form[name] ? String(form[name]).toUpperCase() : "";
    if (wanted === null || (chosen && chosen !== wanted)) return null;
    merged[name] = wanted;
  }
  return merged;
}

/** Record a filter value a query word stands for; two different values of one filter match nothing. */
function addFilter(filters, name, value) {
  if (filters[name] === undefined || filters[name] === value) filters[name] = value;
  else filters[name] = null;
}

/** Decode base64url varint gaps into ascending row numbers. */
export function unvlq(text) {
  const out = new Int32Array(text.length);
  let n = 0, prev = -1, gap = 0, shift = 0;
  for (let i = 0; i < text.length; i++) {
    const v = B64_VALUE[text.charCodeAt(i)];
    gap |= (v & 31) << shift;
    if (v & 32) { shift += 5; continue; }
    prev += gap + 1;
    out[n++] = prev;
    gap = 0; shift = 0;
  }
  return out.subarray(0, n);
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a, b) {
  const la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** True when some prefix of term is within one edit of the typed prefix q. */
function prefixWithinOneEdit(q, term) {
  const n = q.length;
  return withinOneEdit(q, term.slice(0, n)) || withinOneEdit(q, term.slice(0, n + 1)) ||
    withinOneEdit(q, term.slice(0, n - 1));
}

/** Pick the postings that match one query word in its shard: [[term or null, quality]]. Misspellings are
 * looked for separately (fuzzyTerms), only when nothing matches as typed. */
export function matchTerms(word, shard, isSplitKey) {
  const terms = shard ? shard.t : {};
  const q = word.text;
  if (!word.prefix && terms[q]) return [[q, EXACT]];
  const found = [];
  if (isSplitKey && shard && shard.u !== undefined) {
    if (terms[q]) found.push([q, EXACT]);
    found.push([null, PREFIX]);
    return found;
  }
  for (const term in terms) {
    if (term.startsWith(q)) found.push([term, term === q ? EXACT : PREFIX]);
  }
  return found;
}

/** Is term within one typo of a word (a prefix of it, for a word still being typed)? */
function nearTerm(word, term) {
  return word.prefix ? prefixWithinOneEdit(word.text, term) : withinOneEdit(word.text, term);
}

/** The terms of a shard within one typo of a word (of FUZZY_MIN letters or more): [[term, FUZZY]]. */
export function fuzzyTerms(word, shard) {
  const found = [];
  if (!shard || word.text.length < FUZZY_MIN) return found;
  for (const term in shard.t) if (nearTerm(word, term)) found.push([term, FUZZY]);
  return found;
}

/** The shard keys a word within one typo of `text` may live under. A key is the first letters of its shard's
 * words, so it is within one edit of the typed word's first letters (as many, one more or one fewer): any other
 * shard cannot hold the word, and is not fetched. */
export function typoKeys(keys, text) {
  return keys.filter((key) => prefixWithinOneEdit(key, text));
}

/** Is value a better (quality, code) pair than current? Both packed as quality << 6 | code. */
function better(value, current) {
  return current < 0 || (value >> 6) > (current >> 6) || ((value >> 6) === (current >> 6) && (value & 63) < (current & 63));
}

/** Score one candidate from its words' packed (quality, code) values. */
export function scoreRow(values) {
  let allName = true, starts = true, lastPos = -1, sumQ = 0, inName = 0;
  for (let i = 0; i < values.length; i++) {
    const code = values[i] & 63, quality = values[i] >> 6;
    sumQ += quality;
    if (code >= FORMER) { allName = false; starts = false; continue; }
    inName++;
    const pos = code >> 1;
    if ((i === 0 && pos !== 0) || pos < lastPos) starts = false;
    lastPos = pos;
  }
  const last = values[values.length - 1];
  const exact = starts && (last & 63) < FORMER && (last & 1) === 1 && (last >> 6) === EXACT;
  const tier = exact ? 3 : starts ? 2 : allName ? 1 : 0;
  return tier * 256 + Math.min(sumQ, 15) * 16 + Math.min(inName, 15);
}

/** An index file that could not be loaded (network error, HTTP error, timeout): the search has no answer,
 * which is not the same as an empty one. */
export class SearchUnavailable extends Error {
  constructor(path, cause) {
    super(`search index file ${path} could not be loaded`, { cause });
    this.name = "SearchUnavailable";
    this.path = path;
  }
}

/** The index of one site: lazily loads meta, shards, filter lists and row chunks through load(path). */
export class SearchIndex {
  constructor(load) {
    this.load = load;
    this.files = new Map();
    this.wordCache = new Map();
    this.maskCache = new Map();
    this.carried = new Map();
    this.metaData = null;
    this.loads = 0;
  }

  /** Fetch (once) and return a JSON index file. Every file asked for is one the index lists, so a load that
   * fails rejects with SearchUnavailable (never an empty file: a failure is not an answer) and is forgotten,
   * so that asking again (a retry) fetches it again. */
  file(path) {
    if (!this.files.has(path)) {
      this.loads++;
      let started;  // the request goes out now, not a microtask later (prefetchQuery's requests go together)
      try {
        started = Promise.resolve(this.load(path));
      } catch (err) {
        started = Promise.reject(err);
      }
      const loading = started.then((data) => {
        if (data === null || data === undefined) throw new SearchUnavailable(path);
        return data;
      }, (err) => { throw new SearchUnavailable(path, err); });
      // Handled here, so a background load (prefetch, warm) that fails is no unhandled rejection.
      loading.catch(() => { if (this.files.get(path) === loading) this.files.delete(path); });
      this.files.set(path, loading);
    }
    return this.files.get(path);
  }

  /** Use a meta.json read elsewhere (the search page's cari/indeks/kunci.js) instead of fetching it. */
  useMeta(meta) {
    if (!this.files.has("meta.json")) this.files.set("meta.json", Promise.resolve(meta));
  }

  /** Request the term shards and filter lists a query will read, all at once, from the key table (`table`:
   * meta.json's keys and filters): the same files search() loads, so nothing is fetched twice. */
  prefetchQuery(query, filters, table) {
    const { words, filters: fromQuery } = parseQuery(query);
    const merged = mergeFilters(filters, fromQuery);
    if (!merged) return;
    const keys = { keySet: new Set(table.keys.split(" ")) };
    for (const word of words) {
      const key = this.keyFor(keys, word.text);
      if (key) this.file(`t/${key}.json`);
    }
    const lists = new Set(table.filters ? table.filters.split(" ") : []);
    for (const name of SearchIndex.filterNames(merged)) if (lists.has(name)) this.file(`f/${name}.json`);
  }

  /** The index's meta file, with key sets prepared. */
  async meta() {
    if (this.metaData) return this.metaData;
    const meta = await this.file("meta.json");
    meta.keySet = new Set(meta.keys.split(" "));
    meta.splitSet = new Set(meta.split ? meta.split.split(" ") : []);
    meta.filterSet = new Set(meta.filters ? meta.filters.split(" ") : []);
    meta.abbrSet = new Set(meta.abbr ? meta.abbr.split(" ") : []);
    this.metaData = meta;
    return meta;
  }

  /** The shard key a word's postings live under, or null. */
  keyFor(meta, text) {
    for (let len = Math.min(3, text.length); len >= (text.length >= 2 ? 2 : 1); len--) {
      const key = text.slice(0, len);
      if (meta.keySet.has(key)) return key;
    }
    return null;
  }

  /** Per-row best packed (quality, code) for one word, with the rows it touches.
   * An abbreviation ("kua", "djp", "pn") is a whole word: it matches longer words only in a unit's own
   * names, never inside a place or institution ("kua" is not "Barito Kuala", "djp" not "DJPb"). */
  async wordMatches(meta, word) {
    const cacheKey = (word.prefix ? "p:" : "w:") + word.text;
    if (this.wordCache.has(cacheKey)) return this.wordCache.get(cacheKey);
    const key = this.keyFor(meta, word.text);
    const shard = key ? await this.file(`t/${key}.json`) : null;
    if (shard && shard.r) this.carry(shard);
    const abbr = meta.abbrSet.has(word.text);
    const split = key !== null && meta.splitSet.has(key) && key === word.text;
    const best = new Int16Array(meta.n).fill(-1);
    const rows = [];
    let hits = (abbr && split ? matchTerms({ text: word.text, prefix: false }, shard, false)
      : matchTerms(word, shard, split)).map(([term, quality]) => [shard, term, quality]);
    if (!hits.length && !abbr && word.text.length >= FUZZY_MIN) hits = await this.typoHits(meta, word);
    for (const [from, term, quality] of hits) {
      const ids = unvlq(term === null ? from.u : from.t[term][0]);
      const codes = term === null ? "" : from.t[term][1];
      const nameOnly = abbr && quality !== EXACT;
      for (let i = 0; i < ids.length; i++) {
        const code = codes ? B64_VALUE[codes.charCodeAt(i)] : OTHER;
        if (nameOnly && code >= FORMER) continue;
        const value = (quality << 6) | code;
        const r = ids[i];
        if (best[r] < 0) rows.push(r);
        if (better(value, best[r])) best[r] = value;
      }
    }
    const result = { best, rows };
    if (this.wordCache.size > 64) this.wordCache.clear();
    this.wordCache.set(cacheKey, result);
    return result;
  }

  /** The terms within one typo of a word that matched nothing as typed, as [shard, term, FUZZY], looked for
   * nearest first, fetching no more than needed: in the word's own shard (most slips come later in a word;
   * already fetched), then in the other shards of its first two letters (a slip in the third, when that prefix
   * is split), then, for a slip in the first two letters, in every shard when the reader is typing and the
   * shard bundle is at hand, else through the slip lists (slipHits: a shared link's first results do not wait
   * for the whole bundle). */
  async typoHits(meta, word) {
    const head = word.text.slice(0, 2);
    const key = this.keyFor(meta, word.text);
    const siblings = [...meta.keySet].filter((k) => k.startsWith(head) && k !== key && !meta.splitSet.has(k));
    for (const near of [key ? [key] : [], siblings]) {
      if (!near.length) continue;
      const hits = await this.fuzzyIn(near, word);
      if (hits.length) return hits;
    }
    if (this.warming) await this.warming;
    if (!this.bundled) return this.slipHits(meta, word);
    return this.fuzzyIn(typoKeys([...meta.keySet], word.text).filter((k) => !k.startsWith(head)), word);
  }

  /** The terms within one typo of a word whose slip is in its first two letters, from the slip lists (`y`,
   * sitegen/render/search_slips.py): the files of the typed word's own two letters, of its second and third,
   * and of its first and third list the words it may be; a letter typed too many before the third is found
   * in the shard of the typed word without it. Then only the shards of those words are fetched. */
  async slipHits(meta, word) {
    const q = word.text;
    const lists = [...new Set([q.slice(0, 2), q.slice(1, 3), q[0] + q[2]])].filter((k) => meta.keySet.has(k));
    const listed = await Promise.all(lists.map((k) => this.file(`t/${k}.json`)));
    const keys = new Set([q.slice(1), q[0] + q.slice(2)].map((v) => this.keyFor(meta, v)).filter(Boolean));
    for (const shard of listed) {
      if (!shard || !shard.y) continue;
      for (const term of shard.y.split(" ")) if (nearTerm(word, term)) keys.add(this.keyFor(meta, term));
    }
    keys.delete(null);
    return this.fuzzyIn([...keys].filter((k) => !k.startsWith(q.slice(0, 2))), word);
  }

  /** fuzzyTerms of a word in the shards of some keys, as [shard, term, FUZZY]. */
  async fuzzyIn(keys, word) {
    const shards = await Promise.all(keys.map((key) => this.file(`t/${key}.json`)));
    const hits = [];
    for (const shard of shards) {
      if (!shard) continue;
      if (shard.r) this.carry(shard);
      for (const [term, quality] of fuzzyTerms(word, shard)) hits.push([shard, term, quality]);
    }
    return hits;
  }

  /** Keep the display rows a shard carries (`r`: [row gaps, rows], the rows of its terms with few rows),
   * so drawing them needs no row file. */
  carry(shard) {
    const [gaps, entries] = shard.r;
    const ids = unvlq(gaps);
    for (let i = 0; i < ids.length; i++) this.carried.set(ids[i], entries[i]);
    shard.r = undefined;
  }

  /** Filter list names for the given filters (predikat, tahun, kategori, provinsi). */
  static filterNames(filters) {
    const names = [];
    const pred = filters.predikat ? String(filters.predikat).toLowerCase() : "";
    if (filters.tahun) names.push(pred ? `tahun-${filters.tahun}-${pred}` : `tahun-${filters.tahun}`);
    else if (pred) names.push(`predikat-${pred}`);
    if (filters.kategori) names.push(`kategori-${filters.kategori}`);
    if (filters.provinsi) names.push(`provinsi-${filters.provinsi}`);
    return names;
  }

  /** A filter's rows as a sorted list and a membership mask. */
  async filterRows(meta, name) {
    if (this.maskCache.has(name)) return this.maskCache.get(name);
    const data = meta.filterSet.has(name) ? await this.file(`f/${name}.json`) : null;
    const rows = data ? unvlq(data.i) : new Int32Array(0);
    const mask = new Uint8Array(meta.n);
    for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
    const result = { rows, mask };
    this.maskCache.set(name, result);
    return result;
  }

  /** Run a query with filters: {total, order (row numbers best first), words, tooShort, fromQuery (the
   * filters the query's own words stand for)}. */
  async search(query, filters = {}) {
    const meta = await this.meta();
    const { words, filters: fromQuery, tooShort } = parseQuery(query);
    const merged = mergeFilters(filters, fromQuery);
    const names = merged ? SearchIndex.filterNames(merged) : [];
    if (!merged || (!words.length && !names.length)) {
      return { total: 0, order: new Int32Array(0), words, tooShort, fromQuery };
    }
    const [matches, lists] = await Promise.all([
      Promise.all(words.map((w) => this.wordMatches(meta, w))),
      Promise.all(names.map((n) => this.filterRows(meta, n))),
    ]);
    let order = rank(matches, lists);
    const partial = !order.length && words.length > 1;
    if (partial) order = rankPartial(matches, lists);
    return { total: order.length, order, words, tooShort, fromQuery, partial };
  }

  /** Display rows for row numbers, in the given order: from the shards' carried rows, else from row files. */
  async rows(numbers) {
    const meta = await this.meta();
    const missing = Array.from(numbers).filter((r) => !this.carried.has(r));
    const chunks = [...new Set(missing.map((r) => Math.floor(r / meta.chunk)))];
    const loaded = await Promise.all(chunks.map((c) => this.file(`r/${c}.json`)));
    const byChunk = new Map(chunks.map((c, i) => [c, loaded[i]]));
    return Array.from(numbers, (r) => displayRow(meta, r,
      this.carried.has(r) ? this.carried.get(r) : byChunk.get(Math.floor(r / meta.chunk))[r % meta.chunk]));
  }

  /** Load every shard at once in the background when the index offers a bundle (small registries),
   * so later keystrokes never wait for the network to match words. */
  warm() {
    if (!this.metaData || !this.metaData.bundle) return Promise.resolve();
    if (this.warming) return this.warming;
    this.warming = this.file(this.metaData.bundle).then((all) => {
      if (!all) return;
      for (const key in all) {
        const path = `t/${key}.json`;
        if (!this.files.has(path)) this.files.set(path, Promise.resolve(all[key]));
      }
      this.bundled = true;
    }, () => { this.warming = null; });  // the shards are fetched one by one, and the bundle tried again later
    return this.warming;
  }

  /** Load every display row at once in the background when the index offers them in one file
   * (small registries): called when the reader starts typing, so later keystrokes draw without waiting. */
  warmRows() {
    this.warm();
    if (!this.metaData || !this.metaData.rows || this.warmingRows) return;
    const chunk = this.metaData.chunk;
    this.warmingRows = this.file(this.metaData.rows).then((all) => {
      if (!all) return;
      for (let start = 0, c = 0; start < all.length; start += chunk, c++) {
        const path = `r/${c}.json`;
        if (!this.files.has(path)) this.files.set(path, Promise.resolve(all.slice(start, start + chunk)));
      }
    }, () => { this.warmingRows = null; });
  }

  /** Load, in the background, the row files of the first `count` results: the next letter typed
   * narrows the results to a subset of these, so its rows are then usually at hand. */
  prefetch(result, count) {
    if (!this.metaData) return;
    const chunk = this.metaData.chunk;
    const wanted = new Set();
    for (const r of result.order.subarray(0, count)) if (!this.carried.has(r)) wanted.add(Math.floor(r / chunk));
    for (const c of wanted) this.file(`r/${c}.json`);
  }

  /** One page of results as display rows; on the first page an exact name match goes first. */
  async page(result, start, count) {
    const rows = await this.rows(result.order.subarray(start, start + count));
    if (start === 0 && result.words.length) {
      const wanted = result.words.map((w) => w.text).join(" ");
      const exact = rows.findIndex((row) => tokens(row.name).join(" ") === wanted);
      if (exact > 0) rows.unshift(rows.splice(exact, 1)[0]);
    }
    return rows;
  }
}

/** Candidates in every word's matches and every filter, best first, ties by row number. */
export function rank(matches, lists) {
  let driver = null;
  for (const m of matches) if (!driver || m.rows.length < driver.length) driver = m.rows;
  for (const l of lists) if (!driver || l.rows.length < driver.length) driver = l.rows;
  const candidates = [];
  const values = new Array(matches.length);
  for (let i = 0; i < driver.length; i++) {
    const r = driver[i];
    let ok = true;
    for (const l of lists) if (!l.mask[r]) { ok = false; break; }
    for (let w = 0; ok && w < matches.length; w++) {
      values[w] = matches[w].best[r];
      if (values[w] < 0) ok = false;
    }
    if (!ok) continue;
    const score = matches.length ? scoreRow(values) : 0;
    candidates.push((4095 - score) * 1048576 + r);
  }
  const keys = Float64Array.from(candidates).sort();
  return Int32Array.from(keys, (k) => k % 1048576);
}

/** When no row matches every word: the rows matching most of them and every filter, best first ("imigrasi
 * medan" with no office in Medan: the immigration offices and the units in Medan). Among rows matching as
 * many words, those matching the rarer words come first (the fewer units a word matches, the more it says
 * of what the reader meant: for "kemenkeu surabaya", the few dozen units in Surabaya before the many hundred
 * of Kemenkeu), then by score and index order. */
export function rankPartial(matches, lists) {
  const weight = rarityWeights(matches);
  const counts = new Map();
  for (let w = 0; w < matches.length; w++) {
    const rows = matches[w].rows;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const seen = counts.get(r);
      counts.set(r, seen === undefined ? [1, weight[w]] : [seen[0] + 1, seen[1] + weight[w]]);
    }
  }
  const candidates = [];
  for (const [r, [count, rarity]] of counts) {
    if (lists.some((l) => !l.mask[r])) continue;
    const values = matches.map((m) => m.best[r]).filter((v) => v >= 0);
    candidates.push([count, rarity, scoreRow(values), r]);
  }
  candidates.sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2] || a[3] - b[3]);
  return Int32Array.from(candidates, (c) => c[3]);
}

/** Each word's weight for partial matches, a power of two: the word matching the fewest rows weighs more than
 * all the others together, so rows are grouped by the rarest word they match; of two words with as many rows,
 * the earlier in the query weighs more. */
export function rarityWeights(matches) {
  const byRows = matches.map((m, w) => [m.rows.length, w]).sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const weight = new Array(matches.length);
  byRows.forEach(([, w], rank) => { weight[w] = 2 ** rank; });
  return weight;
}

/** A row file entry as an object. */
function displayRow(meta, r, entry) {
  if (!entry) return null;
  const [name, inst, city, prov, link, awards, revoked] = entry;
  const [id, instName, short, category] = meta.inst[inst];
  const province = prov >= 0 ? { slug: meta.prov[prov][0], name: meta.prov[prov][1] } : null;
  const path = link.startsWith("/") ? link.slice(1) : `unit/${id}/${link}/`;
  return { row: r, name, institution: { id, name: instName, short, category }, city, province, path, awards, revoked: !!revoked };
}
