// Stateless throughput: a memory source of Arrow batches through filter → project → noop sink, printed beside a
// hand-written loop over the same Arrow data (the floor of what Node can do), so engine overhead stays visible.
//   npm run bench:stateless -- [--rows 5000000] [--batch 100000]
import { makeBatch, numericColumn, type RecordBatch, TWO_32 } from '../src/arrow/index.js'
import {
  col,
  DoubleType,
  LongType,
  MemoryStream,
  SparkSession,
  StructField,
  StructType,
  TimestampType,
} from '../src/index.js'
import { int64WordsOf, option } from './support.js'

const totalRows = option('rows', 5_000_000)
const batchRows = option('batch', 100_000)

const schema = StructType([
  StructField('id', LongType()),
  StructField('price', LongType()),
  StructField('ts', TimestampType()),
])

function generate(): RecordBatch[] {
  const batches: RecordBatch[] = []
  let next = 0
  for (let start = 0; start < totalRows; start += batchRows) {
    const n = Math.min(batchRows, totalRows - start)
    const id = new Float64Array(n)
    const price = new Float64Array(n)
    const ts = new Float64Array(n)
    for (let i = 0; i < n; i++, next++) {
      id[i] = next
      price[i] = (next * 7919) % 1000
      ts[i] = 1_700_000_000_000_000 + next * 1000
    }
    batches.push(
      makeBatch(
        schema,
        [
          numericColumn(LongType(), id, null),
          numericColumn(LongType(), price, null),
          numericColumn(TimestampType(), ts, null),
        ],
        n,
      ),
    )
  }
  return batches
}

/** The same query by hand: keep price > 500, output id, price * 0.908, ts as Arrow columns. */
function handLoop(batches: readonly RecordBatch[]): number {
  let rows = 0
  const outSchema = StructType([
    StructField('id', LongType()),
    StructField('euros', DoubleType()),
    StructField('ts', TimestampType()),
  ])
  for (const batch of batches) {
    const [idColumn, priceColumn, tsColumn] = batch.data.children
    const n = batch.numRows
    const id = int64WordsOf(idColumn!)
    const price = int64WordsOf(priceColumn!)
    const ts = int64WordsOf(tsColumn!)
    const selected = new Int32Array(n)
    let count = 0
    for (let i = 0; i < n; i++) if (price[2 * i + 1]! * TWO_32 + (price[2 * i]! >>> 0) > 500) selected[count++] = i
    const outId = new BigInt64Array(count)
    const outTs = new BigInt64Array(count)
    const idWords = new Int32Array(outId.buffer)
    const tsWords = new Int32Array(outTs.buffer)
    const euros = new Float64Array(count)
    for (let k = 0; k < count; k++) {
      const i = selected[k]!
      idWords[2 * k] = id[2 * i]!
      idWords[2 * k + 1] = id[2 * i + 1]!
      tsWords[2 * k] = ts[2 * i]!
      tsWords[2 * k + 1] = ts[2 * i + 1]!
      euros[k] = (price[2 * i + 1]! * TWO_32 + (price[2 * i]! >>> 0)) * 0.908
    }
    const out = makeBatch(
      outSchema,
      [
        numericColumn(LongType(), outId, null),
        numericColumn(DoubleType(), euros, null),
        numericColumn(TimestampType(), outTs, null),
      ],
      count,
    )
    rows += out.numRows
  }
  return rows
}

async function runRivulet(batches: readonly RecordBatch[], perBatch: boolean): Promise<number> {
  const spark = new SparkSession()
  const input = new MemoryStream(spark, schema)
  let rows = 0
  const query = input
    .toDF()
    .filter(col('price').gt(500))
    .select(col('id'), col('price').multiply(0.908).alias('euros'), col('ts'))
    .writeStream.foreachBatch((df) => {
      rows += df.toArrow().numRows
    })
    .start()
  await query.processAllAvailable()
  const started = performance.now()
  for (const batch of batches) {
    input.addData(batch)
    if (perBatch) await query.processAllAvailable()
  }
  await query.processAllAvailable()
  const elapsed = performance.now() - started
  await query.stop()
  if (rows === 0) throw new Error('no rows')
  return elapsed
}

function time(run: () => void): number {
  const started = performance.now()
  run()
  return performance.now() - started
}

const fmt = (ms: number) =>
  `${(((totalRows / ms) * 1000) / 1e6).toFixed(1).padStart(6)} M rows/s  (${ms.toFixed(0)} ms)`

const batches = generate()
// Warm up both paths so the JIT has compiled the hot loops.
handLoop(batches.slice(0, 5))
await runRivulet(batches.slice(0, 5), false)
const loopMs = Math.min(...[0, 1, 2].map(() => time(() => handLoop(batches))))
const oneBatchMs = Math.min(await runRivulet(batches, false), await runRivulet(batches, false))
const perBatchMs = await runRivulet(batches, true)
console.log(`Stateless throughput: filter (price > 500) → project (id, price * 0.908, ts) → sink`)
console.log(
  `${totalRows.toLocaleString('en-US')} rows in Arrow batches of ${batchRows.toLocaleString('en-US')}, Node ${process.version}, 1 core`,
)
console.log(`  hand-written loop over the Arrow data        ${fmt(loopMs)}`)
console.log(
  `  Rivulet, all batches in one micro-batch      ${fmt(oneBatchMs)}  ${(oneBatchMs / loopMs).toFixed(1)}× the loop's time`,
)
console.log(
  `  Rivulet, one micro-batch per Arrow batch     ${fmt(perBatchMs)}  ${(perBatchMs / loopMs).toFixed(1)}× the loop's time`,
)
