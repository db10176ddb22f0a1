// The Nexmark runner: generates the events into Arrow batches, then runs each query in Rivulet (SQL and
// DataFrame), a hand-written loop and DuckDB over the same batches, prints a row of figures per query, and exits
// non-zero if any answer differs (after printing the first differing rows).
//   npm run bench:nexmark -- [--query q5[,q7]] [--events 1000000] [--batch 100000] [--seed 0] [--warmup 5]
//                            [--repeat 1] [--duckdb-threads n]
import { parseArgs } from 'node:util'
import { NEXMARK_SCHEMAS } from '../../src/connectors/sources/nexmark/schemas.js'
import { runQuery } from './agreement.js'
import { DuckDBPeer } from './duckdb-peer.js'
import { generateInputs } from './generator.js'
import { PENDING, QUERIES, queryByName } from './queries/index.js'
import {
  codeLine,
  LEGEND,
  loadLine,
  machineLine,
  mega,
  type QuerySummary,
  summarize,
  tableHeader,
  tableRow,
  thousands,
} from './report.js'

const { values } = parseArgs({
  options: {
    query: { type: 'string' },
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '0' },
    warmup: { type: 'string', default: '5' },
    repeat: { type: 'string', default: '1' },
    'duckdb-threads': { type: 'string' },
  },
})
const events = Number(values.events)
const batchEvents = Number(values.batch)
const seed = Number(values.seed)
if (![events, batchEvents, seed].every(Number.isSafeInteger) || events <= 0 || batchEvents <= 0) {
  console.error('--events and --batch must be positive integers, --seed an integer')
  process.exit(2)
}
const queries = values.query ? values.query.split(',').map((name) => queryByName(name.trim())) : QUERIES
const forceGc = (globalThis as { gc?: () => void }).gc
/** Collects garbage (answers of the previous query, DuckDB results freed by their finalizers) between queries. */
async function collect(): Promise<void> {
  if (!forceGc) return
  for (let i = 0; i < 2; i++) {
    forceGc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

console.log(`Nexmark: ${thousands(events)} events (seed ${seed}), micro-batches of ${thousands(batchEvents)} events`)
console.log(machineLine())
console.log(codeLine())
const inputs = generateInputs({ events, batchEvents, config: { seed } })
const rows = (name: 'person' | 'auction' | 'bid') => inputs[name].reduce((sum, b) => sum + b.numRows, 0)
console.log(
  `generation: ${(inputs.generationMs / 1000).toFixed(1)} s (${mega((events / inputs.generationMs) * 1000)} events/s, 1 core) → ` +
    `person ${thousands(rows('person'))}, auction ${thousands(rows('auction'))}, bid ${thousands(rows('bid'))} rows in ${inputs.bid.length} micro-batches`,
)
const peer = await DuckDBPeer.open(
  values['duckdb-threads'] === undefined ? undefined : Number(values['duckdb-threads']),
)
const loadStarted = performance.now()
for (const table of ['person', 'auction', 'bid'] as const) await peer.load(table, NEXMARK_SCHEMAS[table], inputs[table])
await peer.run('SELECT count(*) FROM bid')
console.log(
  `DuckDB load: ${((performance.now() - loadStarted) / 1000).toFixed(1)} s (${thousands(events)} rows, ${peer.threads} threads)`,
)
console.log('')
console.log(tableHeader())
const summaries: QuerySummary[] = []
for (const query of queries) {
  await collect()
  const run = await runQuery(query, inputs, peer, {
    warmupBatches: Number(values.warmup),
    repeat: Number(values.repeat),
  })
  const summary = summarize(run, events)
  summaries.push(summary)
  console.log(tableRow(summary))
}
console.log('')
for (const line of LEGEND) console.log(line)
console.log(
  `at the end: ${loadLine()}; peak RSS of the process ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(1)} GB (inputs, DuckDB's tables and memory, answers being compared)`,
)
console.log(`pending: ${PENDING.map((p) => `${p.name} (${p.reason})`).join('; ')}`)
peer.close()
const failed = summaries.filter((s) => !s.agreed)
if (failed.length > 0) {
  console.error('')
  console.error(`RESULTS DIFFER for ${failed.map((s) => s.name).join(', ')}:`)
  for (const s of failed) for (const d of s.disagreements) console.error(d)
  process.exit(1)
}
console.log('All answers agree: Rivulet SQL = Rivulet DataFrame = loop = DuckDB for every query.')
