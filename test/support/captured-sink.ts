// The sink a testStream query writes to (through foreachBatch): every batch's rows by batch id, kept across restarts,
// with the views Spark's memory sink offers its StreamTest.
import type { Row } from '../../src/index.js'
import { rowText } from './row-text.js'

export interface CapturedBatch {
  readonly batchId: number
  readonly rows: readonly Row[]
}

/**
 * Like Spark's MemorySink, a batch whose id is not above the last one written is a replay after recovery and is
 * ignored, and the sink's data is every batch appended (append and update mode — update mode appends each batch's
 * changed rows too) or only the last batch (complete mode).
 */
export class CapturedSink {
  private readonly written: CapturedBatch[] = []
  private readonly waiters: (() => void)[] = []

  constructor(readonly complete: boolean) {}

  write(batchId: number, rows: readonly Row[]): void {
    if (batchId <= this.latestBatchId) return
    this.written.push({ batchId, rows })
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Every batch written, in order (in complete mode too). */
  get batches(): readonly CapturedBatch[] {
    return this.written
  }

  get latestBatchId(): number {
    return this.written[this.written.length - 1]?.batchId ?? -1
  }

  /** The batches Spark's memory sink would still hold. */
  private get held(): readonly CapturedBatch[] {
    return this.complete ? this.written.slice(-1) : this.written
  }

  allData(): Row[] {
    return this.held.flatMap((b) => b.rows)
  }

  latestBatchData(): Row[] {
    return [...(this.written[this.written.length - 1]?.rows ?? [])]
  }

  /** Rows of the held batches after batch `batchId`. */
  dataSinceBatch(batchId: number): Row[] {
    return this.held.filter((b) => b.batchId > batchId).flatMap((b) => b.rows)
  }

  /** Every batch written after batch `batchId`. */
  batchesSince(batchId: number): CapturedBatch[] {
    return this.written.filter((b) => b.batchId > batchId)
  }

  /** Resolves once the batches written hold at least `count` rows in all (for sources fed from outside). */
  waitForRows(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () =>
        this.written.reduce((n, b) => n + b.rows.length, 0) >= count ? resolve() : this.waiters.push(check)
      check()
    })
  }

  toDebugString(): string {
    return this.written.map((b) => `${b.batchId}: ${b.rows.map(rowText).join(' ')}`).join('\n')
  }
}
