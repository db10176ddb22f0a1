// State value watermarks of a stream-stream join (Spark's StreamingJoinHelper.getStateValueWatermark): from a
// range conjunct such as `leftTime > rightTime - INTERVAL 5 MINUTES` and the right side's event-time watermark W,
// no future right row (rightTime > W) can match a left row with leftTime ≤ W - 5 min, so the left side's state may
// drop those rows. Each conjunct `a < b` (or >, <=, >=) is moved to the canonical form `a - b < 0` and split into
// signed terms (attributes; intervals and numbers as microseconds); it bounds the side to find when exactly one
// term is that side's time column, negated, and every other attribute term is the other side's watermarked column.
// Then `-time + (W·1000 + constants) < 0` gives `time > (W·1000 + constants) / 1000` ms; a non-strict comparison
// lowers the bound by 1 ms (eviction removes rows at or below it). Several conjuncts: the smallest bound.
import { type Attribute, type Expr, exists } from '../expr/expression.js'
import { splitConjuncts } from './join-conditions.js'
import { watermarkDelayOf } from './plan.js'

/** One conjunct's bound: trunc((watermarkSign · W · 1000 + micros) / 1000) − (inclusive ? 1 : 0) ms for watermark W. */
export interface StateValueBound {
  readonly watermarkSign: number
  readonly micros: number
  readonly inclusive: boolean
}

interface Term {
  readonly attribute?: Attribute
  readonly micros: number
  readonly negative: boolean
}

const MICROS_PER_SECOND = 1_000_000

/** The terms of `e` as a sum (`negate` flips their signs), or undefined when `e` is not a sum Spark can solve. */
function collectTerms(e: Expr, negate: boolean, out: Term[]): boolean {
  switch (e.kind) {
    case 'Attribute':
      out.push({ attribute: e, micros: 0, negative: negate })
      return true
    case 'Literal': {
      if (e.value === null || typeof e.value !== 'number') return false
      const type = e.dataType.kind
      // Intervals and timestamps are microseconds already; other numbers are seconds, as casts of timestamps to
      // numbers give seconds.
      const micros =
        type === 'interval' || type === 'timestamp' || type === 'timestamp_ntz' ? e.value : e.value * MICROS_PER_SECOND
      out.push({ micros, negative: negate })
      return true
    }
    case 'Cast': {
      const to = e.to.kind
      const numeric = ['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal', 'timestamp', 'timestamp_ntz']
      return numeric.includes(to) && collectTerms(e.child, negate, out)
    }
    case 'Alias':
      return collectTerms(e.child, negate, out)
    case 'Fn':
      if (e.name === 'add') return collectTerms(e.args[0]!, negate, out) && collectTerms(e.args[1]!, negate, out)
      if (e.name === 'subtract') return collectTerms(e.args[0]!, negate, out) && collectTerms(e.args[1]!, !negate, out)
      if (e.name === 'negative') return collectTerms(e.args[0]!, !negate, out)
      if (e.name === 'positive') return collectTerms(e.args[0]!, negate, out)
      return false
    default:
      return false
  }
}

/** The bound `lesser < greater` puts on the side to find, if it puts one (see the top of the file). */
function boundOf(
  lesser: Expr,
  greater: Expr,
  toFind: ReadonlySet<number>,
  withWatermark: readonly Attribute[],
): Omit<StateValueBound, 'inclusive'> | undefined {
  const watermarked = new Set(withWatermark.map((a) => a.id))
  const readsMany = (ids: ReadonlySet<number>) => {
    const seen = new Set<number>()
    for (const side of [lesser, greater])
      exists(side, (n) => {
        if (n.kind === 'Attribute' && ids.has(n.id)) seen.add(n.id)
        return false
      })
    return seen.size > 1
  }
  if (readsMany(toFind) || readsMany(watermarked)) return undefined
  const terms: Term[] = []
  if (!collectTerms(lesser, false, terms) || !collectTerms(greater, true, terms)) return undefined
  const constraint = terms.filter((t) => t.attribute !== undefined && toFind.has(t.attribute.id))
  // `-time` must be the one term of the side to find: `time < …` bounds it from above, which evicts nothing.
  if (constraint.length !== 1 || !constraint[0]!.negative) return undefined
  let watermarkSign = 0
  let micros = 0
  for (const t of terms) {
    if (t === constraint[0]) continue
    if (t.attribute) {
      if (!watermarked.has(t.attribute.id) || watermarkDelayOf(t.attribute) === undefined) return undefined
      watermarkSign += t.negative ? -1 : 1
    } else micros += t.negative ? -t.micros : t.micros
  }
  return { watermarkSign, micros }
}

/**
 * The bounds a condition puts on the state of the side whose columns are `toFind`, from the event-time watermark
 * of the other side (`withWatermark`); empty when it puts none.
 */
export function stateValueBounds(
  toFind: readonly Attribute[],
  withWatermark: readonly Attribute[],
  condition: Expr | undefined,
): StateValueBound[] {
  if (!withWatermark.some((a) => watermarkDelayOf(a) !== undefined)) return []
  const ids = new Set(toFind.map((a) => a.id))
  const bounds: StateValueBound[] = []
  for (const c of splitConjuncts(condition)) {
    if (c.kind !== 'Fn' || c.args.length !== 2) continue
    const [a, b] = c.args as [Expr, Expr]
    const solved =
      c.name === 'less_than' || c.name === 'less_than_or_equal'
        ? boundOf(a, b, ids, withWatermark)
        : c.name === 'greater_than' || c.name === 'greater_than_or_equal'
          ? boundOf(b, a, ids, withWatermark)
          : undefined
    if (solved) bounds.push({ ...solved, inclusive: c.name.endsWith('_or_equal') })
  }
  return bounds
}

/** The state watermark (ms) the bounds give for event-time watermark `watermarkMs`: the smallest. */
export function stateWatermarkOf(bounds: readonly StateValueBound[], watermarkMs: number): number | undefined {
  if (bounds.length === 0) return undefined
  let smallest = Number.POSITIVE_INFINITY
  for (const b of bounds) {
    const value = Math.trunc((b.watermarkSign * watermarkMs * 1000 + b.micros) / 1000) - (b.inclusive ? 1 : 0)
    smallest = Math.min(smallest, value)
  }
  return smallest
}
