// Where a query's partitionable stages run, decided by measuring rather than predicting: they start on the driver; once
// two warm large batches (after the first, which runs cold code) were timed there and the last cost enough CPU per
// row, the stages go on trial on the worker threads; the trial's large batches (after the first, cold there too) are
// timed against the driver's, and the stages stay where a row took less wall time — back on the driver for good if
// the workers were not `minSpeedup` times faster.

/** What a committed batch took: its input rows, the CPU of every thread and the wall time of its trigger. */
export interface MeasuredBatch {
  readonly batchId: number
  readonly inputRows: number
  readonly cpuMs: number
  readonly wallMs: number
}

export interface PlacementRules {
  /** Batches with fewer input rows are not measured (0: the stages start on the workers and stay). */
  readonly minBatchRows: number
  /** A warm large batch must cost the driver this much CPU per input row (µs) to start a trial (0: the first does). */
  readonly minRowCostMicros: number
  /** How many times less wall time per row the trial must take than the driver for the stages to stay (0: no trial). */
  readonly minSpeedup: number
  readonly threads: number
}

/** What the placement wants after a batch: the stages moved to the workers or back to the driver, or left as they are. */
export type Move = 'toWorkers' | 'toDriver' | undefined

/** Large batches timed on the workers, after the first there (cold code), before the trial decides. */
const TRIAL_BATCHES = 2
/** Warm large batches timed on the driver (after its first, cold) before the stages go on trial. */
const DRIVER_BATCHES = 2

interface Costed extends MeasuredBatch {
  readonly cpuMicrosPerRow: number
  readonly wallMicrosPerRow: number
}

const costed = (batch: MeasuredBatch): Costed => ({
  ...batch,
  cpuMicrosPerRow: (batch.cpuMs * 1000) / batch.inputRows,
  wallMicrosPerRow: (batch.wallMs * 1000) / batch.inputRows,
})

const fastest = (batches: readonly Costed[]) =>
  batches.reduce((best, b) => (b.wallMicrosPerRow < best.wallMicrosPerRow ? b : best))

export class PlacementTrial {
  private phase: 'driver' | 'trial' | 'workers' | 'returned'
  /** The warm large batches the driver ran (the last two), and the last large one of any kind. */
  private driverWarm: Costed[] = []
  private lastOnDriver: Costed | undefined
  private movedAfter: Costed | undefined
  /** Large batches on the workers since the move; the first runs cold code and is not timed. */
  private onWorkers: Costed[] = []
  private returnedAfter: Costed | undefined
  /** What the trial found, once it decided: the fastest batch on each side and the speed-up. */
  private verdict: { readonly workers: Costed; readonly driver: Costed; readonly speedup: number } | undefined

  constructor(private readonly rules: PlacementRules) {
    this.phase = rules.minBatchRows === 0 ? 'workers' : 'driver'
  }

  /** Whether the stages start on the workers (before any batch). */
  get startsOnWorkers(): boolean {
    return this.phase === 'workers'
  }

  /** Whether the next batch should be measured (the placement is not settled yet). */
  get measuring(): boolean {
    return this.phase === 'driver' || this.phase === 'trial'
  }

  /** Takes a committed batch's measure; says whether the stages should move before the next batch. */
  observe(batch: MeasuredBatch): Move {
    if (!this.measuring || batch.inputRows === 0 || batch.inputRows < this.rules.minBatchRows) return undefined
    const measured = costed(batch)
    if (this.phase === 'trial') return this.judge(measured)
    const warm = this.lastOnDriver !== undefined
    this.lastOnDriver = measured
    if (warm) this.driverWarm = [...this.driverWarm, measured].slice(-DRIVER_BATCHES)
    const { minRowCostMicros } = this.rules
    // Two warm batches, so the driver's time to beat is its steady one (JIT still settles in the first).
    if (
      minRowCostMicros > 0 &&
      (this.driverWarm.length < DRIVER_BATCHES || measured.cpuMicrosPerRow < minRowCostMicros)
    )
      return undefined
    this.movedAfter = measured
    // A trial needs the driver's time on warm code to compare with; without it the stages stay on the workers.
    this.phase = this.rules.minSpeedup > 0 && this.driverWarm.length > 0 ? 'trial' : 'workers'
    return 'toWorkers'
  }

  private judge(measured: Costed): Move {
    this.onWorkers.push(measured)
    if (this.onWorkers.length <= TRIAL_BATCHES) return undefined
    const workers = fastest(this.onWorkers.slice(1))
    const driver = fastest(this.driverWarm)
    const speedup = driver.wallMicrosPerRow / workers.wallMicrosPerRow
    this.verdict = { workers, driver, speedup }
    if (speedup >= this.rules.minSpeedup) {
      this.phase = 'workers'
      return undefined
    }
    this.phase = 'returned'
    this.returnedAfter = measured
    return 'toDriver'
  }

  /** Where the stages run and why, for explain(). */
  describe(): string {
    const { minBatchRows, minRowCostMicros, minSpeedup, threads } = this.rules
    const cost = (b: Costed) =>
      `batch ${b.batchId}: ${b.inputRows} input rows, ${b.cpuMicrosPerRow.toFixed(2)} µs of CPU per row`
    const rule = `rivulet.parallel.minBatchRows = ${minBatchRows}, rivulet.parallel.minRowCostMicros = ${minRowCostMicros}, rivulet.parallel.minSpeedup = ${minSpeedup}`
    const onWorkers = `(stages above an Exchange run on ${threads} worker threads`
    const onDriver = '(stages above an Exchange run on the driver thread'
    const moved = this.movedAfter && `moved after ${cost(this.movedAfter)}`
    switch (this.phase) {
      case 'trial':
        return `${onWorkers}: ${moved}; on trial: timing their large batches against the driver's; ${rule})`
      case 'workers':
        return `${onWorkers}: ${moved ? `${moved}${this.comparison(' and stayed')}; ` : ''}${rule})`
      case 'returned':
        return `${onDriver}: moved to ${threads} worker threads after ${cost(this.movedAfter!)}, and back after batch ${this.returnedAfter!.batchId}${this.comparison('')}, less than minSpeedup; ${rule})`
      case 'driver': {
        const last = this.lastOnDriver
        if (!last) return `${onDriver}: no batch was large enough to measure; ${rule})`
        const why =
          this.driverWarm.length === 0
            ? 'was the first, which runs cold code'
            : this.driverWarm.length < DRIVER_BATCHES
              ? 'was the first timed on warm code'
              : 'cost too little per row to pay for the workers'
        return `${onDriver}: the last large batch, ${cost(last)}, ${why}; ${rule})`
      }
    }
  }

  /** The trial's figures: wall time per row on the workers against the driver, once it has decided. */
  private comparison(verb: string): string {
    if (!this.verdict) return ''
    const { workers, driver, speedup } = this.verdict
    return `${verb}: ${workers.wallMicrosPerRow.toFixed(2)} µs of wall time per row there (batch ${workers.batchId}) against ${driver.wallMicrosPerRow.toFixed(2)} on the driver (batch ${driver.batchId}), a speed-up of ${speedup.toFixed(2)}×`
  }
}
