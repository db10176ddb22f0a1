// The worker thread a synchronous batch read of Kafka (`spark.read.format('kafka').load()`) runs in: it reads the
// ranges with the async client, sends the batch back as Arrow IPC, and wakes the blocked caller.
import { type MessagePort, workerData } from 'node:worker_threads'

/** What the caller hands over: the options, the port the answer goes to, and the word it waits on. */
export interface KafkaBatchWorkerData {
  readonly options: readonly (readonly [string, string])[]
  readonly port: MessagePort
  readonly signal: Int32Array
}

/** The answer: the batch as Arrow IPC, or the error as its class name, error class and message. */
export type KafkaBatchAnswer =
  | { readonly kind: 'batch'; readonly ipc: Uint8Array }
  | { readonly kind: 'error'; readonly name: string; readonly errorClass: string | undefined; readonly message: string }

const { options, port, signal } = workerData as KafkaBatchWorkerData

function answer(message: KafkaBatchAnswer, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer)
  Atomics.store(signal, 0, 1)
  Atomics.notify(signal, 0)
}

function fail(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error))
  const errorClass = (e as { errorClass?: string }).errorClass
  const message =
    errorClass && e.message.startsWith(`[${errorClass}] `) ? e.message.slice(errorClass.length + 3) : e.message
  answer({ kind: 'error', name: e.name, errorClass, message })
}

process.on('uncaughtException', fail)
process.on('unhandledRejection', fail)

try {
  // Loaded here, so a failure to load them is answered too (the caller is blocked and cannot see the worker die).
  const [
    { batchesToIpc },
    { Options },
    { kafkaClientConfig },
    { readKafkaBatch },
    { kafkaSchema },
    sourceOptions,
    client,
  ] = await Promise.all([
    import('../../arrow/ipc.js'),
    import('../options.js'),
    import('./kafka-client-config.js'),
    import('./kafka-batch-read.js'),
    import('./kafka-range-reader.js'),
    import('./kafka-source-options.js'),
    import('./kafkajs-client.js'),
  ])
  const parsed = sourceOptions.parseKafkaBatchOptions(new Options(options))
  const kafka = new client.KafkajsClient(kafkaClientConfig(parsed.kafka, 'rivulet-kafka-relation'))
  try {
    const batch = await readKafkaBatch(parsed, kafka)
    const ipc = batchesToIpc(kafkaSchema(parsed.includeHeaders), [batch])
    answer({ kind: 'batch', ipc }, [ipc.buffer as ArrayBuffer])
  } finally {
    await kafka.close()
  }
} catch (error) {
  fail(error)
}
