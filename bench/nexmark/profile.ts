// Where Rivulet's time goes on a Nexmark query: runs the query's SQL form once to warm up, then again under the V8
// CPU profiler (only that run: query setup, micro-batches and stop, not generation or baselines), writes the
// .cpuprofile (open it in Chrome DevTools) and prints the functions with the most self time.
//   node --enable-source-maps --import tsx bench/nexmark/profile.ts --query q5 [--events 1000000] [--batch 100000] [--top 25] [--out dir]
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { findSourceMap } from 'node:module'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateInputs, prefix, wholeTables } from './generator.js'
import { queryByName } from './queries/index.js'
import { codeLine, mega, thousands } from './report.js'
import { runRivulet } from './rivulet-run.js'

const { values } = parseArgs({
  options: {
    query: { type: 'string', default: 'q0' },
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '100000' },
    top: { type: 'string', default: '25' },
    out: { type: 'string', default: '.rivulet-tmp/profiles' },
  },
})

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
    readonly columnNumber: number
  }
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** The TypeScript line of a position in tsx's transpiled output (needs --enable-source-maps), else the JS line. */
function originalLine(url: string, line: number, column: number): number {
  const entry = findSourceMap(url)?.findEntry(line, column) as { originalLine?: number } | undefined
  return (entry?.originalLine ?? line) + 1
}

const relative = (url: string) => url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '')

/** Self time per function (name, file:line), largest first. */
function selfTimes(profile: CpuProfile): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const totals = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    // The first delta runs from Profiler.start to the first sample (the inspector call itself): left out.
    const delta = i === 0 ? 0 : (profile.timeDeltas[i] ?? 0)
    all += delta
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame
    const where = url ? `${relative(url)}:${originalLine(url, lineNumber, columnNumber)}` : ''
    const key = `${functionName || '(anonymous)'} ${where}`.trim()
    totals.set(key, (totals.get(key) ?? 0) + delta)
  })
  return [...totals].map(([name, us]) => ({ name, ms: us / 1000, share: us / all })).sort((a, b) => b.ms - a.ms)
}

const query = queryByName(values.query!)
const events = Number(values.events)
const inputs = generateInputs({ events, batchEvents: Number(values.batch) })
await runRivulet(query, 'sql', prefix(inputs, 5))
// A batch query reads each table as one batch: concatenated here, before the profiler starts.
const profiled = query.mode === 'batch' ? wholeTables(inputs) : inputs
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
const measure = await runRivulet(query, 'sql', profiled)
const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }
session.disconnect()
mkdirSync(values.out!, { recursive: true })
const file = join(values.out!, `${query.name}-${events}.cpuprofile`)
writeFileSync(file, JSON.stringify(profile))
console.log(
  `${query.name} (${query.title}), Rivulet SQL: ${thousands(events)} events in ${measure.wallMs.toFixed(0)} ms ` +
    `(${mega((events / measure.wallMs) * 1000)} events/s); profile: ${file}`,
)
console.log(codeLine())
console.log('self time  share  function')
for (const { name, ms, share } of selfTimes(profile).slice(0, Number(values.top))) {
  console.log(`${ms.toFixed(0).padStart(7)} ms  ${(share * 100).toFixed(1).padStart(4)}%  ${name}`)
}
