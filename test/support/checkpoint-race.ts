// What the checkpoint racers (test/fixtures/checkpoint-racer.ts) are given and report, shared with their test.

export interface RacerData {
  readonly mode: 'lock' | 'query'
  readonly racer: number
  readonly racers: number
  readonly rounds: number
  readonly checkpoint: string
  /** [arrived, generation]: the barrier. */
  readonly barrier: SharedArrayBuffer
  /** outcome[round * racers + racer]: WON, REFUSED or FAILED. */
  readonly outcomes: SharedArrayBuffer
  /** delivered[batchId]: how many times any racer's sink received the batch. */
  readonly delivered: SharedArrayBuffer
  /** The text of the first unexpected error, for the test's message. */
  readonly errors: SharedArrayBuffer
}

export const WON = 1
export const REFUSED = 2
export const FAILED = 3
