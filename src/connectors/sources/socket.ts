// The socket source: UTF-8 lines read from a TCP server (`nc -lk 9999`), offsets = index of the last line; the
// socket is paused while the lines no batch has taken yet exceed `maxBufferedBytes`, so a fast sender waits.
import { createConnection, type Socket } from 'node:net'
import { batchFromRows, type RecordBatch } from '../../arrow/index.js'
import { AnalysisException, ConnectException, SparkRuntimeException } from '../../common/errors.js'
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
import { MAX_TEXT_BUFFER } from './file-read.js'
import { LineFramer } from './line-framer.js'
import { LineWal } from './line-wal.js'

export interface SocketOptions {
  readonly host: string
  readonly port: number
  readonly includeTimestamp: boolean
  /** Spark spreads lines round-robin over partitions and emits partition 0's first; 1 keeps arrival order. */
  readonly numPartitions: number
  /**
   * Rivulet's bound on received lines that no batch has taken yet (UTF-8 bytes): above it the socket is paused (the
   * sender blocks once the kernel's buffers fill) until the next batch takes them. Default 64 MiB. Lines taken by
   * a batch stay until the next batch starts, so the source holds at most about twice this.
   */
  readonly maxBufferedBytes: number
}

const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024

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
  const maxBufferedBytes = options.getInt('maxBufferedBytes', DEFAULT_MAX_BUFFERED_BYTES)
  if (maxBufferedBytes <= 0) {
    throw new AnalysisException(`Invalid value '${maxBufferedBytes}'. The option 'maxBufferedBytes' must be positive`)
  }
  return { host, port, includeTimestamp, numPartitions, maxBufferedBytes }
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
  private lines: { value: string; receivedAt: number; bytes: number }[] = []
  private firstIndex = 0
  /** The UTF-8 bytes of `lines`, and of those no latestOffset has offered yet (held against maxBufferedBytes). */
  private bufferedBytes = 0
  private unreadBytes = 0
  private readonly framer = new LineFramer()
  /** A failure of the connection's data (a line too long to hold), reported by the next latestOffset. */
  private failure: Error | undefined
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
        this.lines = logged.map(({ value, receivedAt }) => ({ value, receivedAt, bytes: utf8Length(value) }))
        for (const line of this.lines) this.bufferedBytes += line.bytes
        this.unreadBytes = this.bufferedBytes
      }
    }
  }

  onDataAvailable(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Every line received so far: like Spark's socket source, this one takes no read limit. */
  async latestOffset(): Promise<Offset> {
    await this.connect()
    if (this.failure) throw this.failure
    // Lines become durable before an offset covering them can reach the offset log.
    this.wal?.flush()
    // Every line is offered to the next batch: reading may go on.
    this.unreadBytes = 0
    if (this.socket?.isPaused()) this.socket.resume()
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
      for (let k = 0; k < drop && k < this.lines.length; k++) this.bufferedBytes -= this.lines[k]!.bytes
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
      socket.once('connect', () => resolve())
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const refused = error.code === 'ECONNREFUSED' ? 'Connection refused' : error.message
        reject(new ConnectException(`${refused} (${host}:${port})`, { cause: error }))
      })
      socket.on('data', (chunk: Buffer) => this.receive(chunk))
      socket.on('end', () => this.flush())
      socket.on('close', () => this.flush())
    })
    return this.connecting
  }

  /** Frames received bytes into lines; pauses the socket while too many wait for a batch to take them. */
  private receive(chunk: Uint8Array): void {
    const receivedAt = this.context.now()
    let added = 0
    this.framer.push(chunk, (value, bytes) => {
      this.add(value, bytes, receivedAt)
      added++
    })
    if (this.framer.pendingBytes > MAX_TEXT_BUFFER) {
      this.failure ??= new SparkRuntimeException(
        `A line received from ${this.options.host}:${this.options.port} is longer than ${MAX_TEXT_BUFFER} bytes, the most one line may hold.`,
      )
      this.socket?.destroy()
    }
    if (this.unreadBytes > this.options.maxBufferedBytes) this.socket?.pause()
    if (added > 0) this.announce()
  }

  private flush(): void {
    let added = 0
    this.framer.end((value, bytes) => {
      this.add(value, bytes, this.context.now())
      added++
    })
    if (added > 0) this.announce()
  }

  private add(value: string, bytes: number, receivedAt: number): void {
    if (this.stopped) return
    this.wal?.append({ index: this.firstIndex + this.lines.length, value, receivedAt })
    this.lines.push({ value, receivedAt, bytes })
    this.bufferedBytes += bytes
    this.unreadBytes += bytes
  }

  private announce(): void {
    for (const listener of this.listeners) listener()
  }

  /** Whether reading is paused because the lines no batch has taken exceed maxBufferedBytes. */
  get paused(): boolean {
    return this.socket?.isPaused() ?? false
  }

  /** The UTF-8 bytes of received lines not yet committed, and of those no batch has taken yet. */
  get buffered(): { readonly uncommitted: number; readonly unread: number } {
    return { uncommitted: this.bufferedBytes, unread: this.unreadBytes }
  }
}

const encoder = new TextEncoder()
const utf8Length = (text: string) => encoder.encode(text).length

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
