// Where the stages run, decided by measuring: a warm large batch that costs the driver enough per row sends them on
// trial to the workers, which keep them only if their timed batches ran rows minSpeedup times faster than the driver.
import { describe, expect, it } from 'vitest'
import { type PlacementRules, PlacementTrial } from '../../../src/runtime/parallel/placement-trial.js'

const RULES: PlacementRules = { minBatchRows: 1000, minRowCostMicros: 2, minSpeedup: 1.1, threads: 2 }

/** A batch of `rows` input rows that cost `cpuMicros` µs of CPU and `wallMicros` µs of wall time per row. */
const batch = (batchId: number, rows: number, cpuMicros: number, wallMicros = cpuMicros) => ({
  batchId,
  inputRows: rows,
  cpuMs: (rows * cpuMicros) / 1000,
  wallMs: (rows * wallMicros) / 1000,
})

/** Observes batches in order, returning the moves asked for (by batch id). */
function moves(trial: PlacementTrial, batches: ReturnType<typeof batch>[]): Record<number, string> {
  const out: Record<number, string> = {}
  for (const b of batches) {
    const move = trial.observe(b)
    if (move) out[b.batchId] = move
  }
  return out
}

describe('PlacementTrial', () => {
  it('starts on the workers and measures nothing when minBatchRows is 0', () => {
    const trial = new PlacementTrial({ ...RULES, minBatchRows: 0 })
    expect(trial.startsOnWorkers).toBe(true)
    expect(trial.measuring).toBe(false)
    expect(moves(trial, [batch(0, 5000, 10), batch(1, 5000, 10)])).toEqual({})
    expect(trial.describe()).toBe(
      '(stages above an Exchange run on 2 worker threads: rivulet.parallel.minBatchRows = 0, rivulet.parallel.minRowCostMicros = 2, rivulet.parallel.minSpeedup = 1.1)',
    )
  })

  it('ignores small and empty batches, and the first large one, which runs cold code', () => {
    const trial = new PlacementTrial(RULES)
    expect(moves(trial, [batch(0, 999, 50), batch(1, 0, 0), batch(2, 1000, 50)])).toEqual({})
    expect(trial.describe()).toContain(
      'run on the driver thread: the last large batch, batch 2: 1000 input rows, 50.00 µs of CPU per row, was the first, which runs cold code;',
    )
  })

  it('times two warm large batches on the driver before a trial', () => {
    const trial = new PlacementTrial(RULES)
    expect(moves(trial, [batch(0, 2000, 9), batch(1, 2000, 50)])).toEqual({})
    expect(trial.describe()).toContain(
      'the last large batch, batch 1: 2000 input rows, 50.00 µs of CPU per row, was the first timed on warm code;',
    )
  })

  it('keeps the stages on the driver while warm large batches cost less than minRowCostMicros a row', () => {
    const trial = new PlacementTrial(RULES)
    expect(moves(trial, [batch(0, 2000, 9), batch(1, 2000, 1.5), batch(2, 4000, 1.99)])).toEqual({})
    expect(trial.measuring).toBe(true)
    expect(trial.describe()).toContain(
      'the last large batch, batch 2: 4000 input rows, 1.99 µs of CPU per row, cost too little per row to pay for the workers;',
    )
  })

  it('keeps the stages on the workers when the two batches after their first there ran rows minSpeedup times faster', () => {
    const trial = new PlacementTrial(RULES)
    // The driver's best warm wall time is 4 µs a row (batch 2); the workers' best after their cold first is 3.6 µs
    // (batch 5): 4 / 3.6 = 1.11, at least 1.1.
    const decided = moves(trial, [
      batch(0, 2000, 9, 9),
      batch(1, 2000, 1.5, 5),
      batch(2, 2000, 3, 4),
      batch(3, 2000, 0, 20),
      batch(4, 2000, 0, 3.9),
      batch(5, 2000, 0, 3.6),
      batch(6, 2000, 0, 100),
    ])
    expect(decided).toEqual({ 2: 'toWorkers' })
    expect(trial.measuring).toBe(false)
    expect(trial.describe()).toBe(
      '(stages above an Exchange run on 2 worker threads: moved after batch 2: 2000 input rows, 3.00 µs of CPU per row and stayed: 3.60 µs of wall time per row there (batch 5) against 4.00 on the driver (batch 2), a speed-up of 1.11×; rivulet.parallel.minBatchRows = 1000, rivulet.parallel.minRowCostMicros = 2, rivulet.parallel.minSpeedup = 1.1)',
    )
  })

  it('moves the stages back to the driver for good when the workers were not minSpeedup times faster', () => {
    const trial = new PlacementTrial(RULES)
    // Driver: 4 µs a row at best (batch 2); workers: 3.7 µs at best (batch 5): 4 / 3.7 = 1.08, less than 1.1.
    const decided = moves(trial, [
      batch(0, 2000, 9, 9),
      batch(1, 2000, 1, 4.5),
      batch(2, 2000, 3, 4),
      batch(3, 2000, 0, 1),
      batch(4, 500, 0, 1),
      batch(5, 2000, 0, 3.7),
      batch(6, 2000, 0, 3.8),
      batch(7, 2000, 30, 30),
      batch(8, 2000, 30, 30),
    ])
    expect(decided).toEqual({ 2: 'toWorkers', 6: 'toDriver' })
    expect(trial.measuring).toBe(false)
    expect(trial.describe()).toBe(
      '(stages above an Exchange run on the driver thread: moved to 2 worker threads after batch 2: 2000 input rows, 3.00 µs of CPU per row, and back after batch 6: 3.70 µs of wall time per row there (batch 5) against 4.00 on the driver (batch 2), a speed-up of 1.08×, less than minSpeedup; rivulet.parallel.minBatchRows = 1000, rivulet.parallel.minRowCostMicros = 2, rivulet.parallel.minSpeedup = 1.1)',
    )
  })

  it('keeps the stages on the workers without a trial when minSpeedup is 0, or when no warm batch was timed', () => {
    const noTrial = new PlacementTrial({ ...RULES, minSpeedup: 0 })
    const slowWorkers = [batch(3, 2000, 0, 99), batch(4, 2000, 0, 99), batch(5, 2000, 0, 99)]
    expect(moves(noTrial, [batch(0, 2000, 9), batch(1, 2000, 3), batch(2, 2000, 3), ...slowWorkers])).toEqual({
      2: 'toWorkers',
    })
    expect(noTrial.measuring).toBe(false)
    // minRowCostMicros 0: the first large batch moves them, before any warm batch ran on the driver.
    const first = new PlacementTrial({ ...RULES, minRowCostMicros: 0 })
    expect(
      moves(first, [batch(0, 2000, 9), batch(1, 2000, 0, 99), batch(2, 2000, 0, 99), batch(3, 2000, 0, 99)]),
    ).toEqual({ 0: 'toWorkers' })
    expect(first.describe()).toContain(
      'run on 2 worker threads: moved after batch 0: 2000 input rows, 9.00 µs of CPU per row; ',
    )
  })
})
