// `spark.read.format('kafka').load()`: a batch read of Kafka, synchronous like every DataFrameReader load. The async
// client runs in a worker thread while the caller waits on a shared word; the batch comes back as Arrow IPC.
import { createRequire } from 'node:module'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { batchesFromIpc, emptyBatch, type RecordBatch } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException, IllegalStateException, SparkError } from '../../common/errors.js'
import { logWarning } from '../../common/log.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { KafkaBatchAnswer, KafkaBatchWorkerData } from './kafka-batch-worker.js'
import { KafkaException } from './kafka-exception.js'
import { kafkaSchema } from './kafka-range-reader.js'
import { parseKafkaBatchOptions } from './kafka-source-options.js'

let sourceBundle: URL | undefined

/**
 * The worker script: `kafka-batch-worker.js` beside the library bundle when built. From the TypeScript sources the
 * worker is bundled once per process with esbuild (a development dependency), packages left to node_modules, into
 * node_modules/.cache so that they resolve from there.
 */
function workerEntry(): URL {
  const self = fileURLToPath(import.meta.url)
  const extension = extname(self)
  if (extension !== '.ts') return new URL(`./kafka-batch-worker${extension}`, import.meta.url)
  if (!sourceBundle) {
    const require = createRequire(import.meta.url)
    const esbuild = require('esbuild') as typeof import('esbuild')
    const modules = dirname(dirname(require.resolve('esbuild/package.json')))
    const outfile = join(modules, '.cache', 'rivulet', `kafka-batch-worker-${process.pid}.mjs`)
    esbuild.buildSync({
      entryPoints: [join(dirname(self), 'kafka-batch-worker.ts')],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
    })
    process.once('exit', () => require('node:fs').rmSync(outfile, { force: true }))
    sourceBundle = pathToFileURL(outfile)
  }
  return sourceBundle
}

/** How long past the fetch poll timeout the caller waits for the worker before it gives up. */
const GRACE_MS = 60_000

const errorClasses: Readonly<Record<string, new (message: string, options?: { errorClass?: string }) => Error>> = {
  KafkaException,
  IllegalStateException,
  IllegalArgumentException,
  AnalysisException,
}

/** Reads [startingOffsets, endingOffsets) of the partitions the options name into one batch. */
export function readKafkaRelation(options: Options): { schema: StructType; batch: RecordBatch } {
  // Validated here, so option errors are thrown synchronously with Spark's texts before any thread starts.
  const parsed = parseKafkaBatchOptions(options)
  for (const warning of parsed.warnings) logWarning('KafkaSourceProvider', warning)
  const schema = kafkaSchema(parsed.includeHeaders)
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const data: KafkaBatchWorkerData = { options: [...options.entries()], port: port2, signal }
  const worker = new Worker(workerEntry(), { workerData: data, transferList: [port2] })
  try {
    const deadline = Date.now() + parsed.pollTimeoutMs + GRACE_MS
    while (Atomics.load(signal, 0) === 0) {
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new KafkaException(`Timed out after ${parsed.pollTimeoutMs + GRACE_MS} ms reading Kafka in batch`)
      }
      Atomics.wait(signal, 0, 0, left)
    }
    const answer = receiveMessageOnPort(port1)?.message as KafkaBatchAnswer | undefined
    if (answer === undefined) throw new KafkaException('The Kafka batch reader thread sent no answer')
    if (answer.kind === 'error') {
      const ErrorClass = errorClasses[answer.name]
      if (ErrorClass) throw new ErrorClass(answer.message, answer.errorClass ? { errorClass: answer.errorClass } : {})
      throw new SparkError(answer.message, answer.errorClass ? { errorClass: answer.errorClass } : {})
    }
    const [batch] = batchesFromIpc(answer.ipc, schema)
    return { schema, batch: batch ?? emptyBatch(schema) }
  } finally {
    port1.close()
    void worker.terminate()
  }
}
