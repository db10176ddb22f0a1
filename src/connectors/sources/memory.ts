// An in-memory test source (Spark's MemoryStream): rows added by the program, offset = index of the last addition.
import { batchFromRows, type RecordBatch, type Row, sliceBatch, withSchema } from '../../arrow/index.js'
import { IllegalStateException, UnsupportedOperationException } from '../../common/errors.js'
import type { StructType } from '../../types/struct-type.js'
import { type ReadLimit, RowAdmission, readAll } from '../read-limit.js'
import type { Offset, Source, SourceContext, SourceDescription, SourceProvider } from '../source.js'

let nextMemoryStreamId = 0

/**
 * The program's memory streams by id: a plan names one by its id (plans are data), and a query start finds its
 * buffer here. Held weakly, so a stream and its rows go once nothing uses it any more: its MemoryStream, a plan that
 * names it (through the options object of its description, see `owners`) or a query reading it.
 */
const streams = new Map<string, WeakRef<MemoryStreamBuffer>>()
const forget = new FinalizationRegistry<string>((id) => {
  if (streams.get(id)?.deref() === undefined) streams.delete(id)
})
/** Keeps a buffer alive while a plan holds the options object of one of its descriptions. */
const owners = new WeakMap<object, MemoryStreamBuffer>()

/** `format('memory')` sources come from `new MemoryStream(...)`, which registers the buffer a plan names. */
export const memorySourceProvider: SourceProvider = {
  format: 'memory',
  describe(): never {
    throw new UnsupportedOperationException(
      'Data source memory does not support streamed reading: create the stream with new MemoryStream(spark, schema)',
    )
  },
  create(source, context) {
    const buffer = streams.get(source.options.id ?? '')?.deref()
    if (!buffer) throw new IllegalStateException(`MemoryStream ${source.options.id} does not exist in this program`)
    return new MemorySource(buffer, context)
  },
}

/**
 * A position in the stream: a number `i` is "through addition i" (Spark's LongOffset; null before the first);
 * `{ batch: i, rows: r }` is "through addition i - 1 and the first r rows of addition i", where a row limit cut
 * an addition.
 */
type MemoryOffset = number | { readonly batch: number; readonly rows: number }

/**
 * The buffer behind a MemoryStream: `addData` appends one batch; a query reads the batches after its start offset.
 * Several queries may read the same stream; data stays until the stream is dropped.
 */
export class MemoryStreamBuffer {
  readonly id = nextMemoryStreamId++
  private readonly batches: RecordBatch[] = []
  /** rowEnds[i]: rows in additions 0..i. */
  private readonly rowEnds: number[] = []
  private readonly listeners = new Set<() => void>()

  /** `readLimit`: the limit queries read the stream with (their default), e.g. maxRows for small batches in tests. */
  constructor(
    readonly schema: StructType,
    readonly readLimit: ReadLimit = readAll(),
  ) {}

  /** Appends rows (objects or positional arrays, or an Arrow batch of this schema) as one batch; returns its offset. */
  addData(rows: readonly (Row | readonly unknown[])[] | RecordBatch): number {
    const batch = Array.isArray(rows) ? batchFromRows(this.schema, rows) : withSchema(rows as RecordBatch, this.schema)
    this.batches.push(batch)
    this.rowEnds.push(this.rowsThrough(this.batches.length - 2) + batch.numRows)
    for (const listener of this.listeners) listener()
    return this.batches.length - 1
  }

  get latestIndex(): number {
    return this.batches.length - 1
  }

  /** Rows in additions 0..index (0 for index -1). */
  rowsThrough(index: number): number {
    return index < 0 ? 0 : this.rowEnds[index]!
  }

  /** The number of rows before an offset. */
  rowsAt(offset: Offset | null): number {
    const at = offset as MemoryOffset | null
    if (at === null) return 0
    return typeof at === 'number' ? this.rowsThrough(at) : this.rowsThrough(at.batch - 1) + at.rows
  }

  /** The offset after `rows` (≥ 1) rows: the first addition they reach, whole when the count ends it. */
  offsetAt(rows: number): Offset {
    const i = this.firstEndAbove(rows - 1)
    return this.rowsThrough(i) === rows ? i : { batch: i, rows: rows - this.rowsThrough(i - 1) }
  }

  /** The rows between two offsets, as slices of the added batches. */
  between(start: Offset | null, end: Offset): readonly RecordBatch[] {
    const from = this.rowsAt(start)
    const to = this.rowsAt(end)
    const out: RecordBatch[] = []
    for (let i = this.firstEndAbove(from); i < this.batches.length && this.rowsThrough(i - 1) < to; i++) {
      const first = this.rowsThrough(i - 1)
      const lo = Math.max(from, first)
      const hi = Math.min(to, this.rowsThrough(i))
      if (hi > lo) out.push(sliceBatch(this.batches[i]!, this.schema, lo - first, hi - lo))
    }
    return out
  }

  /** The first addition whose end is past `rows` rows (binary search; the number of additions if none). */
  private firstEndAbove(rows: number): number {
    let lo = 0
    let hi = this.rowEnds.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.rowEnds[mid]! > rows) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** How a plan names this buffer (findable by the id while the plan, or anything else, holds the buffer). */
  description(): SourceDescription {
    const id = String(this.id)
    if (!streams.has(id)) {
      streams.set(id, new WeakRef(this))
      forget.register(this, id)
    }
    const options = { id }
    owners.set(options, this)
    return { format: 'memory', options, schema: this.schema }
  }
}

/**
 * Reads a MemoryStreamBuffer. Without a limit each batch takes every addition since the last (Spark's
 * MemoryStream); under a row limit (see RowAdmission) a batch may end inside an addition.
 */
class MemorySource implements Source {
  readonly schema: StructType
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private readonly admission: RowAdmission
  /** The last addition an AvailableNow run reads (fixed at its start). */
  private lastForRun: number | undefined
  private unsubscribe: (() => void) | undefined

  constructor(
    private readonly buffer: MemoryStreamBuffer,
    context: SourceContext,
  ) {
    this.schema = buffer.schema
    this.description = `MemoryStream[${buffer.schema.fieldNames().join(',')}]`
    this.defaultReadLimit = buffer.readLimit
    this.admission = new RowAdmission(context.now)
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.lastForRun = this.buffer.latestIndex
  }

  async latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    const last = this.lastForRun ?? this.buffer.latestIndex
    if (last < 0) return null
    const from = this.buffer.rowsAt(start)
    const available = this.buffer.rowsThrough(last)
    const to = this.admission.end(from, available, limit)
    if (to === available) return last
    return to === from ? start : this.buffer.offsetAt(to)
  }

  /** The last addition, however far the limit lets the next batch go. */
  reportLatestOffset(): Offset | null {
    const last = this.lastForRun ?? this.buffer.latestIndex
    return last < 0 ? null : last
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    return this.buffer.between(start, end)
  }

  commit(): void {}

  onDataAvailable(listener: () => void): void {
    this.unsubscribe = this.buffer.subscribe(listener)
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
  }
}
