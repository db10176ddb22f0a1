// What a fuzz target is and how its outcomes are judged: each input either gives a correct result or fails with a
// typed Rivulet error (a SparkError subclass); anything else — TypeError, RangeError, a wrong result — is a finding.
import { SparkError } from '../../src/common/errors.js'
import { seededRandom } from '../../test/support/random.js'

export type Rng = () => number

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
export const chance = (rng: Rng, p: number): boolean => rng() < p
export const int = (rng: Rng, below: number): number => Math.floor(rng() * below)

/** A fuzz target: makes an input from the generator and runs it; throws `WrongResult` for a bad answer. */
export interface FuzzTarget<I = unknown> {
  readonly name: string
  generate(rng: Rng): I
  execute(input: I): Promise<void> | void
  /** The input as text, for a finding's report. */
  show(input: I): string
}

/** A result that disagrees with the target's oracle. */
export class WrongResult extends Error {
  override readonly name = 'WrongResult'
}

export interface Finding {
  readonly target: string
  readonly index: number
  readonly input: string
  readonly error: string
}

export interface TargetStats {
  readonly target: string
  tried: number
  typedErrors: number
  findings: Finding[]
}

/** Whether a thrown value is an allowed outcome: a typed Rivulet error. */
export function isTypedError(error: unknown): boolean {
  return error instanceof SparkError
}

/** The text of a finding's error: its class, message and the first lines of its stack. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return `${error.name}: ${error.message.slice(0, 500)}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`
}

/**
 * Runs `target` on `count` inputs (or until `deadline`, a Date.now() value) from `seed`; `beat` is called before each
 * input (a watchdog's heartbeat). Input `index` is generated from its own seed, so it replays alone.
 */
export async function fuzz<I>(
  target: FuzzTarget<I>,
  seed: number,
  limits: { readonly count?: number; readonly deadline?: number },
  beat: (index: number) => void = () => {},
): Promise<TargetStats> {
  const stats: TargetStats = { target: target.name, tried: 0, typedErrors: 0, findings: [] }
  const count = limits.count ?? Number.POSITIVE_INFINITY
  const deadline = limits.deadline ?? Number.POSITIVE_INFINITY
  for (let index = 0; index < count && Date.now() < deadline; index++) {
    beat(index)
    const input = target.generate(seededRandom((seed * 1_000_003 + index) >>> 0))
    try {
      await target.execute(input)
    } catch (error) {
      if (isTypedError(error)) stats.typedErrors++
      else {
        const shown = target.show(input)
        stats.findings.push({
          target: target.name,
          index,
          input: shown.length > 2000 ? `${shown.slice(0, 2000)}… (${shown.length} chars)` : shown,
          error: errorText(error),
        })
      }
    }
    stats.tried++
  }
  return stats
}
