// The NATS JetStream source (`readStream.format('nats')`): one stream, optionally filtered by subject. Its offset is
// the last stream sequence a batch covers, `{"<stream>": <seq>}`; a batch (start, end] is read again exactly on
// recovery through an ephemeral consumer that acks nothing, so the checkpoint alone makes it exactly-once.
import type { RecordBatch } from '../../arrow/index.js'
import { IllegalArgumentException } from '../../common/errors.js'
import type { StructType } from '../../types/struct-type.js'
import { triggerReadLimit } from '../bus-source-options.js'
import { DataLossPolicy } from '../data-loss.js'
import { initialOffset } from '../initial-offsets.js'
import type { Options } from '../options.js'
import { type ReadLimit, RowAdmission } from '../read-limit.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceDescription,
  type SourceProvider,
} from '../source.js'
import type { NatsClient, NatsClientFactory } from './nats-client.js'
import { NatsJsClient } from './nats-js-client.js'
import { type NatsSourceOptions, parseNatsSourceOptions } from './nats-options.js'
import { messagesBatch, natsSchema } from './nats-rows.js'

export class NatsSource implements Source {
  readonly schema: StructType
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private readonly admission: RowAdmission
  private readonly dataLoss: DataLossPolicy
  private initial: number | undefined
  /** The stream's last sequence at the last latestOffset() call (progress's latestOffset). */
  private latest: number | undefined
  /** Under Trigger.AvailableNow, the last sequence when the first trigger ran. */
  private availableNowEnd: number | undefined
  private triggerAvailableNow = false
  /** Whether the stream was found missing (reported once until it is back). */
  private missing = false
  /** The creation time of the stream this run has read, to notice it being recreated. */
  private created: string | undefined

  constructor(
    private readonly options: NatsSourceOptions,
    private readonly context: SourceContext,
    private readonly client: NatsClient,
  ) {
    const { stream, subject, includeHeaders, failOnDataLoss, limits } = options
    this.schema = natsSchema(includeHeaders)
    this.description = `NatsJetStream[stream=${stream}${subject === undefined ? '' : `, subject=${subject}`}]`
    this.defaultReadLimit = triggerReadLimit(limits)
    this.admission = new RowAdmission(context.now)
    this.dataLoss = new DataLossPolicy('NATS', 'stream', 'NatsSource', failOnDataLoss)
  }

  /**
   * The last sequence of the next batch, admitted from `start` by `limit` (sequences stand for messages: exact for a
   * stream without a subject filter or deleted messages, an upper bound otherwise). A stream whose last sequence
   * went below `start`, or whose creation time changed during this run, was deleted and created again: the loss is
   * reported and the end is sequence 0, so that the next batch reads the new stream from its first message.
   */
  async latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    const from = start === null ? await this.initialSeq() : this.seqOf(start)
    const state = await this.client.streamState(this.options.stream)
    if (state === null) {
      if (!this.missing && from > 0) {
        this.missing = true
        this.dataLoss.report(
          `Stream ${this.options.stream} is gone. Some data may have been missed`,
          `Stream ${this.options.stream} has been deleted.`,
        )
      }
      return this.offsetOf(from)
    }
    this.missing = false
    const recreated = this.created !== undefined && state.created !== this.created
    this.created = state.created
    if (from > 0 && (recreated || state.lastSeq < from)) {
      const what = `Stream ${this.options.stream} was deleted and created again: its last sequence is ${state.lastSeq}, after ${from} read`
      this.dataLoss.report(`${what}. Reading it from its first message, some data may have been missed`, `${what}.`)
      return this.offsetOf(0)
    }
    const last = this.triggerAvailableNow ? (this.availableNowEnd ??= state.lastSeq) : state.lastSeq
    this.latest = last
    return this.offsetOf(this.admission.end(from, last, limit))
  }

  reportLatestOffset(): Offset | null {
    return this.latest === undefined ? null : this.offsetOf(this.latest)
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.triggerAvailableNow = true
  }

  /** The messages with sequences in (start, end] (those still stored; the loss of others is reported). */
  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const { stream, subject, includeHeaders } = this.options
    const from = start === null ? await this.initialSeq() : this.seqOf(start)
    const to = this.seqOf(end)
    // A batch that goes back to 0 follows a recreated stream (reported when it was planned): nothing to read.
    if (to <= from) return []
    const state = await this.client.streamState(stream)
    if (state === null) {
      this.dataLoss.report(
        `Cannot read sequences ${from + 1} to ${to} of stream ${stream}: it is gone`,
        `Stream ${stream} has been deleted before sequences ${from + 1} to ${to} were read.`,
      )
      return []
    }
    let first = from + 1
    if (state.firstSeq > first) {
      const lostTo = Math.min(to, state.firstSeq - 1)
      this.dataLoss.report(
        `Skip missing messages of stream ${stream} in [${first}, ${lostTo}]`,
        `Messages of stream ${stream} in sequences [${first}, ${lostTo}] are not stored any more.`,
      )
      first = state.firstSeq
    }
    if (first > to) return []
    const messages = await this.client.read({ stream, subject, fromSeq: first, toSeq: to, includeHeaders })
    return [messagesBatch(this.schema, stream, messages)]
  }

  commit(): void {}

  async stop(): Promise<void> {
    await this.client.close()
  }

  /** `sources/<i>/0` when it exists; otherwise the starting position, written there (new queries only). */
  private async initialSeq(): Promise<number> {
    this.initial ??= this.seqOf(
      await initialOffset(this.context.metadataPath, async () => this.offsetOf(await this.startingSeq())),
    )
    return this.initial
  }

  /** Where `startingOffsets` puts a new query: the last sequence considered already read. */
  private async startingSeq(): Promise<number> {
    const start = this.options.startingOffsets
    if (start.kind === 'sequence') return start.afterSeq
    const state = await this.client.streamState(this.options.stream)
    if (state === null) return 0
    return start.kind === 'earliest' ? state.firstSeq - 1 : state.lastSeq
  }

  private offsetOf(seq: number): Offset {
    return { [this.options.stream]: seq }
  }

  /** The sequence of an offset this source wrote (a checkpoint of another stream is refused). */
  private seqOf(offset: Offset): number {
    const seq = (offset as Record<string, Offset> | null)?.[this.options.stream]
    if (typeof seq !== 'number') {
      throw new IllegalArgumentException(
        `The checkpoint's offset ${JSON.stringify(offset)} is not one of NATS stream ${this.options.stream}`,
      )
    }
    return seq
  }
}

/** The `nats` source format; `createClient` is the seam for another client implementation. */
export function natsSourceProvider(
  createClient: NatsClientFactory = (config) => new NatsJsClient(config),
): SourceProvider {
  return {
    format: 'nats',
    describe(options: Options, userSchema: StructType | undefined): SourceDescription {
      const parsed = parseNatsSourceOptions(options)
      if (userSchema) {
        throw new IllegalArgumentException('NATS source has a fixed schema and cannot be set with a custom one')
      }
      return { format: 'nats', options: optionRecord(options), schema: natsSchema(parsed.includeHeaders) }
    },
    create(source: SourceDescription, context: SourceContext): Source {
      const parsed = parseNatsSourceOptions(optionsOf(source))
      return new NatsSource(parsed, context, createClient(parsed.connection))
    },
  }
}
