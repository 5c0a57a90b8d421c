// Run search-core.js queries against a built index directory: node search_queries.mjs DIR < queries.json
// Input: [{"q": "...", "filters": {...}, "top": 10}];
// output: [{"total": n, "tooShort", "fromQuery", "partial", "top": [{"name", "path", "awards", "province"}]}].
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SearchIndex } from "../../site_src/static/search-core.js";

const dir = process.argv[2];
const load = async (path) => JSON.parse(await readFile(join(dir, path), "utf8"));
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const queries = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const index = new SearchIndex(load);
const out = [];
for (const { q, filters, top } of queries) {
  const result = await index.search(q, filters || {});
  const rows = await index.page(result, 0, top || 10);
  out.push({ total: result.total, tooShort: result.tooShort, fromQuery: result.fromQuery, partial: !!result.partial,
    top: rows.map((r) => ({ name: r.name, path: r.path, awards: r.awards, province: r.province && r.province.name })) });
}
process.stdout.write(JSON.stringify(out));
