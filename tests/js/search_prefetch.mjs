// Which index files a shared link's query requests at once and after ranking, with the search page's meta.json
// script (cari/indeks/kunci.js) and without it: node search_prefetch.mjs DIR < queries.json
// Input: [{"q": "...", "filters": {...}}]; output: [{"early": [paths], "later": [paths], "without": [paths]}].
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SearchIndex } from "../../site_src/static/search-core.js";

const dir = process.argv[2];
await import(pathToFileURL(join(dir, "kunci.js")).href);
const table = globalThis.ziSearchMeta;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const queries = JSON.parse(Buffer.concat(chunks).toString("utf8"));

/** The paths one query requests, in order; with `withTable` as the search page does (meta from kunci.js, then
 * prefetchQuery). */
async function requests(q, filters, withTable) {
  const paths = [];
  const index = new SearchIndex(async (path) => {
    paths.push(path);
    return JSON.parse(await readFile(join(dir, path), "utf8"));
  });
  if (withTable) {
    index.useMeta(structuredClone(table));
    index.prefetchQuery(q, filters, table);
  }
  const early = paths.length;
  const result = await index.search(q, filters);
  await index.page(result, 0, 20);
  return { early: paths.slice(0, early), later: paths.slice(early) };
}

const out = [];
for (const { q, filters } of queries) {
  const { early, later } = await requests(q, filters || {}, true);
  const without = (await requests(q, filters || {}, false)).later;
  out.push({ early, later, without });
}
process.stdout.write(JSON.stringify(out));
