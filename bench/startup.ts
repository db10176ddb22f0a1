// Start-up of the built package: `node -e "await import('rivulet')"` beside `node -e 0` in the same run, the import
// cost of each top-level module, and what the bundle's own evaluation spends its time on.
//   npm run bench:startup -- [--runs 9]
// Builds dist/ first, then imports it by the package's own name (Node resolves `rivulet` to dist/ through the
// package's `exports`, as in a consumer's node_modules). Each figure is a median over fresh processes.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { option, percentile } from './support.js'

const runs = option('runs', 9)
const root = join(import.meta.dirname, '..')

const median = (values: readonly number[]) => percentile(values, 50)
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`

/** Runs `node -e code` in the repository and returns its wall time in milliseconds and its stdout. */
function nodeRun(code: string, args: readonly string[] = []): { wall: number; stdout: string } {
  const started = performance.now()
  const result = spawnSync(process.execPath, [...args, '--input-type=module', '-e', code], { cwd: root })
  if (result.status !== 0) throw new Error(`node -e ${JSON.stringify(code)} failed:\n${result.stderr}`)
  return { wall: performance.now() - started, stdout: result.stdout.toString('utf8') }
}

/** Wall and CPU (user + system) milliseconds of `node -e code`; the code ends by printing its CPU time. */
function timedRun(code: string): { wall: number; cpu: number } {
  const { wall, stdout } = nodeRun(`${code}; const u = process.cpuUsage(); console.log(u.user + u.system)`)
  return { wall, cpu: Number(stdout) / 1000 }
}

// In one process, in load order: the bundle's external imports first, then the bundle itself (whose imports are
// then cached, so its figure is its own evaluation), then the first parse, which builds the grammar.
const stepsCode = `
const externals = ${JSON.stringify(externalImports())}
const costs = {}
let t = performance.now()
for (const name of externals) { await import(name); costs[name] = performance.now() - t; t = performance.now() }
const { SparkSession } = await import('rivulet')
costs['rivulet (dist/index.js and its chunks)'] = performance.now() - t
t = performance.now()
SparkSession.builder.getOrCreate().sql('SELECT 1 AS one')
costs['first spark.sql() (grammar loaded and built on first use)'] = performance.now() - t
console.log(JSON.stringify(costs))`

/** The files of dist/ that `import('rivulet')` loads: dist/index.js and the chunks it imports, statically. */
function bundleFiles(): string[] {
  const files: string[] = []
  const visit = (name: string) => {
    if (files.includes(name)) return
    files.push(name)
    for (const specifier of staticImports(name)) if (specifier.startsWith('./')) visit(specifier.slice(2))
  }
  visit('index.js')
  return files
}

function staticImports(file: string): string[] {
  const text = readFileSync(join(root, 'dist', file), 'utf8')
  return [...text.matchAll(/^import\s[^'"]*?from\s+"([^"]+)";?$/gm)].map((match) => match[1]!)
}

/** The packages and built-ins that the loaded files of dist/ import, in order. */
function externalImports(): string[] {
  const names = bundleFiles().flatMap(staticImports)
  return [...new Set(names.filter((name) => !name.startsWith('./')))]
}

/** CPU-profile samples inside the loaded files of dist/, attributed to the source file esbuild marks above each
 * module. */
function bundleProfile(): Map<string, number> {
  const owners = new Map<string, string[]>()
  for (const file of bundleFiles()) {
    const owner: string[] = []
    let current = '(bundle glue)'
    for (const line of readFileSync(join(root, 'dist', file), 'utf8').split('\n')) {
      const marker = /^\/\/ (\S+\.(?:ts|js|mjs))$/.exec(line)
      if (marker) current = group(marker[1]!)
      owner.push(current)
    }
    owners.set(`/dist/${file}`, owner)
  }
  const totals = new Map<string, number>()
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-startup-'))
  try {
    for (let run = 0; run < runs; run++) {
      nodeRun(`await import('rivulet')`, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir])
    }
    for (const file of readdirSync(dir)) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
      const selfTime = new Map<number, number>()
      for (const [i, id] of profile.samples.entries()) {
        selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
      }
      const add = (key: string, micros: number) => totals.set(key, (totals.get(key) ?? 0) + micros / 1000 / runs)
      for (const node of profile.nodes) {
        const micros = selfTime.get(node.id) ?? 0
        const ticks = node.positionTicks ?? []
        const owner = owners.get(node.callFrame.url.slice(node.callFrame.url.lastIndexOf('/dist/')))
        if (!owner) add(outsideGroup(node.callFrame), micros)
        else if (ticks.length === 0) add(owner[node.callFrame.lineNumber]!, micros)
        else {
          // The bundle's top-level code is one function: its lines say which module each sample was in.
          const total = ticks.reduce((sum, tick) => sum + tick.ticks, 0)
          for (const tick of ticks) add(owner[tick.line - 1]!, (micros * tick.ticks) / total)
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return totals
}

interface CpuProfile {
  nodes: {
    id: number
    callFrame: { url: string; functionName: string; lineNumber: number }
    positionTicks?: { line: number; ticks: number }[]
  }[]
  samples: number[]
  timeDeltas: number[]
}

/** `node_modules/@scope/name/…` → `@scope/name`, `src/expr/…` → `src/expr`, `grammar/…` → `grammar`. */
function group(path: string): string {
  const parts = path.split('/')
  if (parts[0] !== 'node_modules') return parts[0] === 'src' ? `src/${parts[1]}` : parts[0]!
  return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!
}

/** Native functions Node's module loader calls to find and read files. */
const loaderNatives = new Set(['openFileHandle', 'fstat', 'read', 'close', 'internalModuleStat', 'realpath', 'decode'])

function outsideGroup(frame: CpuProfile['nodes'][number]['callFrame']): string {
  if (frame.url.includes('/node_modules/apache-arrow/')) return 'apache-arrow (evaluation)'
  if (frame.url.startsWith('node:internal/modules') || loaderNatives.has(frame.functionName)) {
    return "Node's ESM loader (resolve, read, compile, link)"
  }
  if (frame.url === '' && frame.functionName.startsWith('(')) return frame.functionName
  return 'Node start-up and other native code'
}

console.log('Building dist/ …')
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' })

const load = () => loadavg()[0]!.toFixed(1)
console.log(`\nStart-up of the built package, median of ${runs} fresh processes each (load average ${load()}):`)
const baseline: { wall: number; cpu: number }[] = []
const arrow: { wall: number; cpu: number }[] = []
const imported: { wall: number; cpu: number }[] = []
for (let run = 0; run < runs; run++) {
  baseline.push(timedRun('0'))
  arrow.push(timedRun(`await import('apache-arrow')`))
  imported.push(timedRun(`await import('rivulet')`))
}
const row = (label: string, runs: readonly { wall: number; cpu: number }[], extra = '') => {
  const wall = median(runs.map((run) => run.wall))
  const cpu = median(runs.map((run) => run.cpu))
  console.log(`  ${label.padEnd(40)} wall ${ms(wall)}   cpu ${ms(cpu)}${extra}`)
  return wall
}
const baseWall = row('node -e 0', baseline)
row(`node -e "await import('apache-arrow')"`, arrow, '   (its one dependency, alone)')
const importWall = row(`node -e "await import('rivulet')"`, imported, '   (target: wall ≤ 500 ms)')
console.log(`  ${'the import itself'.padEnd(40)} wall ${ms(importWall - baseWall)}`)

console.log(`\nImport cost per top-level module, in load order in one process (median of ${runs}):`)
const steps = Array.from({ length: runs }, () => JSON.parse(nodeRun(stepsCode).stdout) as Record<string, number>)
for (const name of Object.keys(steps[0]!)) {
  console.log(`  ${name.padEnd(52)} ${ms(median(steps.map((costs) => costs[name]!)))}`)
}

console.log(`\nWhere the import's CPU time goes (profiled at 100 µs, mean of ${runs}; profiling slows it down):`)
const profile = [...bundleProfile()].sort((a, b) => b[1] - a[1])
for (const [name, cost] of profile.filter(([, cost]) => cost >= 1)) console.log(`  ${name.padEnd(52)} ${ms(cost)}`)
console.log(`\n(load average ${load()} at the end; the machine is shared, so compare figures within one run)`)
