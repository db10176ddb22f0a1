// The values of a long IN list of literals (Spark's InSet): one array of numbers or of strings, not a node each.
import { type DataType, INTEGER, LONG, STRING } from '../types/data-types.js'
import { type Expr, literal } from './expression.js'

/**
 * The non-NULL values of a literal list in written order, compared as `elementType`: numbers (safe integers, or
 * their doubles) or strings. `nulls` are the positions of the NULLs in the written list (a NULL makes a row that
 * matched nothing NULL rather than false).
 */
export type LiteralSet =
  | {
      readonly kind: 'numbers'
      readonly elementType: DataType
      readonly values: Float64Array
      readonly nulls: readonly number[]
    }
  | {
      readonly kind: 'strings'
      readonly elementType: DataType
      readonly values: readonly string[]
      readonly nulls: readonly number[]
    }

const INT_MAX = 2147483647

/** Integers type as Spark types their literals: INT when every one fits, else BIGINT (the wider of the two). */
export function integerSet(values: Float64Array, nulls: readonly number[]): LiteralSet {
  let fitsInt = true
  for (let i = 0; i < values.length && fitsInt; i++) fitsInt = values[i]! >= -INT_MAX - 1 && values[i]! <= INT_MAX
  return Object.freeze({ kind: 'numbers', elementType: fitsInt ? INTEGER : LONG, values, nulls })
}

export const stringSet = (values: readonly string[], nulls: readonly number[]): LiteralSet =>
  Object.freeze({ kind: 'strings', elementType: STRING, values, nulls })

/** The same values compared as another type: numbers keep their values, strings as numbers print. */
export function asElementType(set: LiteralSet, elementType: DataType): LiteralSet {
  if (set.kind === 'numbers' && elementType.kind === 'string') {
    return Object.freeze({ kind: 'strings', elementType, values: Array.from(set.values, String), nulls: set.nulls })
  }
  return Object.freeze({ ...set, elementType })
}

/** Each element in written order, NULLs in their places (`set.nulls`), as `onValue(value)` or `onNull()`. */
function inWrittenOrder<T>(set: LiteralSet, onValue: (value: number | string) => T, onNull: () => T): T[] {
  const out: T[] = []
  let n = 0
  for (let i = 0; i <= set.values.length; i++) {
    while (n < set.nulls.length && set.nulls[n] === out.length) {
      out.push(onNull())
      n++
    }
    if (i < set.values.length) out.push(onValue(set.values[i]!))
  }
  for (; n < set.nulls.length; n++) out.push(onNull())
  return out
}

/** Each value in written order, NULLs in their places, as its own text (`1`, `abc`, `NULL`), Spark's pretty SQL. */
export function literalSetTexts(set: LiteralSet): string[] {
  return inWrittenOrder(set, String, () => 'NULL')
}

/** The values as literal expressions (NULLs in their places): the general IN path, for coercions a set cannot take. */
export function literalSetExprs(set: LiteralSet): Expr[] {
  const literalType = set.kind === 'strings' ? STRING : set.elementType
  return inWrittenOrder(
    set,
    (value) => literal(value, literalType),
    () => literal(null, literalType),
  )
}

const keys = new WeakMap<LiteralSet, string>()

/** A key equal for sets of the same values and type (computed once per set): for matching equal expressions. */
export function literalSetKey(set: LiteralSet): string {
  let key = keys.get(set)
  if (key === undefined) {
    key = `${JSON.stringify(set.elementType)}:${set.kind}:${set.nulls.join(',')}:${set.kind === 'strings' ? JSON.stringify(set.values) : set.values.join(',')}`
    keys.set(set, key)
  }
  return key
}
