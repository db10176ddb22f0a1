// The socket source: UTF-8 lines read from a TCP server (`nc -lk 9999`), offsets = index of the last line.
import { createConnection, type Socket } from 'node:net'
import { batchFromRows, type RecordBatch } from '../../arrow/index.js'
import { AnalysisException, ConnectException } from '../../common/errors.js'
import { STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceProvider,
} from '../source.js'
import { LineWal } from './line-wal.js'

export interface SocketOptions {
  readonly host: string
  readonly port: number
  readonly includeTimestamp: boolean
  /** Spark spreads lines round-robin over partitions and emits partition 0's first; 1 keeps arrival order. */
  readonly numPartitions: number
}

/** Validates socket options at load(), with Spark's messages. */
export function parseSocketOptions(options: Options): SocketOptions {
  const host = options.get('host')
  if (host === undefined) throw new AnalysisException('Set a host to read from with option("host", ...).')
  const portText = options.get('port')
  if (portText === undefined) throw new AnalysisException('Set a port to read from with option("port", ...).')
  const port = Number(portText.trim())
  if (!/^\s*\d+\s*$/.test(portText) || port > 65535) {
    throw new AnalysisException(
      `Invalid value '${portText}' for option 'port': must be an integer between 0 and 65535.`,
    )
  }
  const includeTimestamp = options.getBoolean(
    'includeTimestamp',
    false,
    () => 'includeTimestamp must be set to either "true" or "false"',
  )
  const numPartitions = options.getInt('numPartitions', 1)
  if (numPartitions <= 0)
    throw new AnalysisException(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`)
  return { host, port, includeTimestamp, numPartitions }
}

const schemaFor = (includeTimestamp: boolean) =>
  StructType(
    includeTimestamp
      ? [StructField('value', STRING), StructField('timestamp', TIMESTAMP)]
      : [StructField('value', STRING)],
  )

/**
 * Reads lines from `host:port`. The connection opens lazily, on the first latestOffset() (so load() and start()
 * succeed without a server and the query then fails with a ConnectException). When the server closes the
 * connection, the lines already received stay and the query keeps running, as in Spark.
 */
export class SocketSource implements Source {
  readonly schema: StructType
  readonly description: string
  private socket: Socket | undefined
  private connecting: Promise<void> | undefined
  /** Lines after the last committed offset; `firstIndex` is the offset of lines[0]. */
  private lines: { value: string; receivedAt: number }[] = []
  private firstIndex = 0
  private partial = ''
  private stopped = false
  private readonly listeners: (() => void)[] = []

  /** With a checkpoint, received lines are logged so a restart replays what was received but not committed. */
  private readonly wal: LineWal | undefined

  constructor(
    private readonly options: SocketOptions,
    private readonly context: SourceContext,
  ) {
    this.schema = schemaFor(options.includeTimestamp)
    this.description = `TextSocketV2[host: ${options.host}, port: ${options.port}]`
    if (context.metadataPath !== undefined) {
      this.wal = new LineWal(context.metadataPath)
      const logged = this.wal.read()
      if (logged.length > 0) {
        this.firstIndex = logged[0]!.index
        this.lines = logged.map(({ value, receivedAt }) => ({ value, receivedAt }))
      }
    }
  }

  onDataAvailable(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Every line received so far: like Spark's socket source, this one takes no read limit. */
  async latestOffset(): Promise<Offset> {
    await this.connect()
    // Lines become durable before an offset covering them can reach the offset log.
    this.wal?.flush()
    return this.firstIndex + this.lines.length - 1
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const from = ((start as number | null) ?? -1) + 1
    const to = end as number
    const rows = this.lines.slice(from - this.firstIndex, to - this.firstIndex + 1)
    const { numPartitions } = this.options
    const ordered =
      numPartitions === 1
        ? rows
        : Array.from({ length: numPartitions }, (_, p) =>
            rows.filter((_, k) => (from + k) % numPartitions === p),
          ).flat()
    const values = ordered.map((line) =>
      this.options.includeTimestamp ? [line.value, new Date(line.receivedAt)] : [line.value],
    )
    return [batchFromRows(this.schema, values)]
  }

  commit(end: Offset): void {
    const drop = (end as number) - this.firstIndex + 1
    if (drop > 0) {
      this.lines = this.lines.slice(drop)
      this.firstIndex += drop
      this.wal?.compact(this.lines.map((line, k) => ({ index: this.firstIndex + k, ...line })))
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.socket?.destroy()
  }

  private connect(): Promise<void> {
    this.connecting ??= new Promise<void>((resolve, reject) => {
      if (this.stopped) return resolve()
      const { host, port } = this.options
      const socket = createConnection({ host, port })
      this.socket = socket
      socket.setEncoding('utf8')
      socket.once('connect', () => resolve())
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const refused = error.code === 'ECONNREFUSED' ? 'Connection refused' : error.message
        reject(new ConnectException(`${refused} (${host}:${port})`, { cause: error }))
      })
      socket.on('data', (chunk: string) => this.receive(chunk))
      socket.on('end', () => this.flush())
      socket.on('close', () => this.flush())
    })
    return this.connecting
  }

  /** Splits received text into lines (`\n`, `\r\n` or `\r`, as Java's readLine). */
  private receive(chunk: string): void {
    const text = this.partial + chunk
    const parts = text.split(/\r\n|\n|\r(?!$)/)
    this.partial = parts.pop() ?? ''
    if (this.partial.endsWith('\r')) this.partial = this.partial.slice(0, -1)
    this.append(parts)
  }

  private flush(): void {
    if (this.partial !== '') {
      this.append([this.partial])
      this.partial = ''
    }
  }

  private append(values: readonly string[]): void {
    if (values.length === 0 || this.stopped) return
    const receivedAt = this.context.now()
    for (const value of values) {
      this.wal?.append({ index: this.firstIndex + this.lines.length, value, receivedAt })
      this.lines.push({ value, receivedAt })
    }
    for (const listener of this.listeners) listener()
  }
}

export const socketProvider: SourceProvider = {
  format: 'socket',
  describe(options: Options, userSchema: StructType | undefined) {
    if (userSchema)
      throw new AnalysisException('TextSocketSourceProvider source does not support user-specified schema.')
    const parsed = parseSocketOptions(options)
    return { format: 'socket', options: optionRecord(options), schema: schemaFor(parsed.includeTimestamp) }
  },
  create: (source, context) => new SocketSource(parseSocketOptions(optionsOf(source)), context),
}
