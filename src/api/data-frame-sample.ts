// sample(): PySpark's argument forms and checks, and Spark's samplers — Bernoulli as `rand(seed) < fraction` (the
// same XORShiftRandom draws as Spark's BernoulliCellSampler on one partition), Poisson counts with replacement.
import { type RecordBatch, takeRows } from '../arrow/index.js'
import { IllegalArgumentException } from '../common/errors.js'
import { XorShiftRandom } from '../expr/functions/random.js'
import type { StructType } from '../types/struct-type.js'
import type { DataFrame } from './data-frame.js'
import { lit, rand } from './functions.js'
import { argumentError, pyTypeName } from './py-type-name.js'

export interface SampleArgs {
  readonly withReplacement: boolean
  readonly fraction: number
  readonly seed: number | undefined
}

/**
 * PySpark's forms: `sample(fraction)`, `sample(fraction, seed)`, `sample(withReplacement, fraction)` and
 * `sample(withReplacement, fraction, seed)`; anything else is NOT_BOOL_OR_FLOAT_OR_INT.
 */
export function sampleArgs(a: unknown, b: unknown, c: unknown): SampleArgs {
  const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v)
  const seedOk = (v: unknown) => v === undefined || v === null || isNumber(v)
  if (typeof a === 'boolean' && isNumber(b) && seedOk(c)) {
    return { withReplacement: a, fraction: b, seed: (c as number | null) ?? undefined }
  }
  if ((a === undefined || a === null) && isNumber(b) && seedOk(c)) {
    return { withReplacement: false, fraction: b, seed: (c as number | null) ?? undefined }
  }
  if (isNumber(a) && seedOk(b) && (c === undefined || c === null)) {
    return { withReplacement: false, fraction: a, seed: (b as number | null) ?? undefined }
  }
  throw argumentError(
    'NOT_BOOL_OR_FLOAT_OR_INT',
    `Argument \`withReplacement (optional), fraction (required) and seed (optional)\` should be a bool, float or int, got ${[a, b, c].map(pyTypeName).join(', ')}.`,
  )
}

/** Knuth's Poisson draw from uniform doubles (small means, as sampling fractions are). */
function poisson(rng: XorShiftRandom, mean: number): number {
  const limit = Math.exp(-mean)
  let k = 0
  let p = rng.nextDouble()
  while (p > limit) {
    k++
    p *= rng.nextDouble()
  }
  return k
}

/** Each row repeated a Poisson(fraction) number of times, the draws seeded by `seed` (anew per batch). */
function poissonSampler(schema: StructType, fraction: number, seed: number) {
  return function* sample(batches: IterableIterator<RecordBatch>): Generator<RecordBatch> {
    for (const batch of batches) {
      const rng = new XorShiftRandom(seed)
      const rows: number[] = []
      for (let i = 0; i < batch.numRows; i++) for (let n = poisson(rng, fraction); n > 0; n--) rows.push(i)
      yield takeRows(batch, schema, rows)
    }
  }
}

/** A double as Java prints it in these messages (`2.0`, `1.5`). */
const javaDouble = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x))

/** The sampled DataFrame, after Spark's Sample checks on the fraction. */
export function sampled(df: DataFrame, { withReplacement, fraction, seed }: SampleArgs): DataFrame {
  const chosenSeed = seed ?? Math.floor(Math.random() * 2 ** 31)
  if (withReplacement) {
    if (fraction < 0) {
      throw new IllegalArgumentException(
        `requirement failed: Sampling fraction (${javaDouble(fraction)}) must be nonnegative with replacement`,
      )
    }
    return df.mapInArrow(poissonSampler(df.schema, fraction, chosenSeed), df.schema)
  }
  if (fraction < 0 || fraction > 1) {
    throw new IllegalArgumentException(
      `requirement failed: Sampling fraction (${javaDouble(fraction)}) must be on interval [0, 1] without replacement`,
    )
  }
  return df.filter(rand(chosenSeed).lt(lit(fraction)))
}
