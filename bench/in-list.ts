// Long IN lists: spark.sql (lex, parse, bind, analyze) time and retained heap per listed value, for lists of plain
// literals (read flat into one InSet) beside the same lists written as expressions (`(7)`, a node per value: the
// path every list took before), and the InSet kernel's rows per second beside a hand-written loop over a JS Set.
//   npm run bench:in-list -- [--rows 1000000]
import { numericColumn } from '../src/arrow/index.js'
import { inSetKernel } from '../src/expr/in-set-kernel.js'
import { integerSet } from '../src/expr/literal-set.js'
import { SparkSession } from '../src/index.js'
import { INTEGER } from '../src/types/data-types.js'
import { option } from './support.js'

const rows = option('rows', 1_000_000)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

const spark = SparkSession.builder.config('spark.sql.session.timeZone', 'UTC').getOrCreate()
spark.createDataFrame([{ a: 1 }], 'a INT').createOrReplaceTempView('t')

/** spark.sql time, and the heap the analyzed DataFrame keeps (held minus dropped), per listed value. */
function measure(count: number, item: (i: number) => string) {
  const text = `SELECT a FROM t WHERE a IN (${Array.from({ length: count }, (_, i) => item(i)).join(', ')})`
  const started = performance.now()
  let df: unknown = spark.sql(text)
  const ms = performance.now() - started
  spark.sql('SELECT 1') // the parser lets go of the long statement's tokens
  gc!()
  const held = process.memoryUsage().heapUsed
  df = undefined
  gc!()
  const bytes = held - process.memoryUsage().heapUsed
  return { count, ms, usPerValue: (ms * 1000) / count, bytesPerValue: bytes / count, dropped: df }
}

const row = (name: string, m: ReturnType<typeof measure>) =>
  `${name.padEnd(30)}${m.count.toLocaleString('en-US').padStart(10)} values ${m.ms.toFixed(0).padStart(7)} ms ${m.usPerValue.toFixed(2).padStart(8)} µs/value ${m.bytesPerValue.toFixed(1).padStart(8)} B/value`

measure(1000, String) // warm-up
console.log('spark.sql of `a IN (…)`, parse + analyze (machine shared; compare rows of one run)')
for (const count of [10_000, 100_000, 1_000_000])
  console.log(
    row(
      'literals (one InSet)',
      measure(count, (i) => String(i * 7)),
    ),
  )
for (const count of [10_000, 30_000])
  console.log(
    row(
      'expressions (baseline)',
      measure(count, (i) => `(${i * 7})`),
    ),
  )

// The kernel over an INT column of `rows` values against 100,000 listed integers (half the rows match).
const listed = Float64Array.from({ length: 100_000 }, (_, i) => i * 2)
const values = Int32Array.from({ length: rows }, (_, i) => i % 200_000)
const column = numericColumn(INTEGER, values, null)
const kernel = inSetKernel(integerSet(listed, []))
const plain = new Set(listed)
const rate = (body: () => unknown) => {
  body()
  const started = performance.now()
  for (let k = 0; k < 5; k++) body()
  return (5 * rows) / ((performance.now() - started) / 1000)
}
const kernelRate = rate(() => kernel(column))
const loopRate = rate(() => {
  const out = new Uint8Array(rows)
  for (let i = 0; i < rows; i++) out[i] = plain.has(values[i]!) ? 1 : 0
  return out
})
console.log(`InSet kernel, ${rows.toLocaleString('en-US')} INT rows vs 100,000 values:`)
console.log(`  inSetKernel                 ${(kernelRate / 1e6).toFixed(1).padStart(8)} M rows/s`)
console.log(`  loop over a JS Set (baseline) ${(loopRate / 1e6).toFixed(1).padStart(6)} M rows/s`)
await spark.stop()
