// DataFrameNaFunctions (`df.na`): fill, drop and replace of missing values with PySpark's argument checks and
// Spark's DataFrameNaFunctions rules (which columns a value applies to, NaN counted as missing, casts to the column).
import { IllegalArgumentException, UnsupportedOperationException } from '../common/errors.js'
import type { Attribute } from '../expr/expression.js'
import { type DataType, isNumeric } from '../types/data-types.js'
import { Column } from './column.js'
import type { DataFrame } from './data-frame.js'
import { coalesce, isnan, lit, nanvl, when } from './functions.js'
import { argumentError, entriesOf, isPlainObject, pyTypeName } from './py-type-name.js'

/** A value `fill` and `replace` accept: PySpark's bool, int/float and str. */
export type NaValue = number | string | boolean

/** PySpark's `subset`: a name, a list of names, or none (every column). */
function subsetNames(subset: unknown, classWhenBad: string, allowed: string): readonly string[] | undefined {
  if (subset === undefined || subset === null) return undefined
  if (typeof subset === 'string') return [subset]
  if (Array.isArray(subset) && subset.every((s) => typeof s === 'string')) return subset
  throw argumentError(classWhenBad, `Argument \`subset\` should be a ${allowed}, got ${pyTypeName(subset)}.`)
}

/** Which columns a fill or replace value of this JS type applies to (Spark: numeric, string or boolean ones). */
function typeMatches(value: NaValue, type: DataType): boolean {
  if (typeof value === 'number') return isNumeric(type)
  if (typeof value === 'string') return type.kind === 'string'
  return type.kind === 'boolean'
}

const isFloating = (type: DataType) => type.kind === 'double' || type.kind === 'float'

/** `coalesce(col, value)` keeping the column's name and type; NaN counts as missing in float and double columns. */
function fillColumn(attr: Attribute, value: unknown): Column {
  const column = new Column(attr)
  const current = isFloating(attr.dataType) ? nanvl(column, lit(null)) : column
  return coalesce(current, lit(value as NaValue).cast(attr.dataType)).alias(attr.name)
}

export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}

  /**
   * Replaces nulls (and NaN in float/double columns): a number fills numeric columns, a string string columns, a
   * boolean boolean columns, each within `subset` (default: all); a dict (`{ col: value }` or a Map) fills each
   * named column with its value cast to the column's type, and ignores `subset`.
   */
  fill(
    value: NaValue | ReadonlyMap<string, NaValue> | Readonly<Record<string, NaValue>>,
    subset?: string | readonly string[],
  ): DataFrame {
    const output = this.df.plan.output
    if (value instanceof Map || isPlainObject(value)) {
      const filled = new Map<number, unknown>()
      for (const [name, v] of entriesOf(value)) {
        if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
          throw new IllegalArgumentException(`Unsupported value type ${pyTypeName(v)} (${String(v)}).`)
        }
        filled.set(this.attributeIds([String(name)])[0]!, v)
      }
      return this.df.select(...output.map((a) => (filled.has(a.id) ? fillColumn(a, filled.get(a.id)) : new Column(a))))
    }
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw argumentError(
        'NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR',
        `Argument \`value\` should be a bool, dict, float, int or str, got ${pyTypeName(value)}.`,
      )
    }
    const names = subsetNames(subset, 'NOT_LIST_OR_TUPLE', 'list or tuple')
    const ids = new Set(names === undefined ? output.map((a) => a.id) : this.attributeIds(names))
    return this.df.select(
      ...output.map((a) => (ids.has(a.id) && typeMatches(value, a.dataType) ? fillColumn(a, value) : new Column(a))),
    )
  }

  /**
   * Drops rows with nulls (or NaN) in `subset` (default: all columns): `how='any'` drops a row with any, `'all'`
   * only a row of nothing else; `thresh` keeps rows with at least that many non-null values and overrides `how`.
   */
  drop(how: string | null = 'any', thresh?: number | null, subset?: string | readonly string[] | null): DataFrame {
    if (how !== null && how !== 'any' && how !== 'all') {
      throw argumentError('VALUE_NOT_ANY_OR_ALL', `Value for \`how\` must be 'any' or 'all', got '${how}'.`)
    }
    if (thresh !== undefined && thresh !== null && !Number.isInteger(thresh)) {
      throw argumentError('NOT_INT', `Argument \`thresh\` should be an int, got ${pyTypeName(thresh)}.`)
    }
    const names = subsetNames(subset, 'NOT_LIST_OR_STR_OR_TUPLE', 'list, str or tuple')
    const output = this.df.plan.output
    const ids = names === undefined ? output.map((a) => a.id) : this.attributeIds(names)
    const minNonNulls = thresh ?? (how === 'any' ? ids.length : 1)
    if (minNonNulls <= 0) return this.df.select(...output.map((a) => new Column(a)))
    // Spark's AtLeastNNonNulls: a value counts when it is not null and, in float and double columns, not NaN.
    const attrs = ids.map((id) => output.find((a) => a.id === id)!)
    const present = attrs.map((a) => {
      const column = new Column(a)
      return isFloating(a.dataType) ? column.isNotNull().and(isnan(column).eqNullSafe(false)) : column.isNotNull()
    })
    const condition =
      minNonNulls === attrs.length
        ? present.reduce((acc, c) => acc.and(c))
        : present
            .map((c) => when(c, 1).otherwise(0))
            .reduce((acc, c) => acc.plus(c))
            .geq(minNonNulls)
    return this.df.filter(condition)
  }

  /**
   * Replaces values: `toReplace` and `value` are single values or lists of the same length, or `toReplace` is a
   * dict (`{ old: new }`, a Map for number or boolean keys) and `value` is not given. Every key and non-null value
   * must be of one kind (numbers, strings or booleans), and only columns of that kind in `subset` change.
   */
  replace(
    toReplace: NaValue | readonly NaValue[] | ReadonlyMap<NaValue, NaValue | null> | Readonly<Record<string, unknown>>,
    value?: NaValue | null | readonly (NaValue | null)[],
    subset?: string | readonly string[] | null,
  ): DataFrame {
    const isDict = toReplace instanceof Map || isPlainObject(toReplace)
    if (value === undefined && !isDict) {
      throw argumentError('ARGUMENT_REQUIRED', 'Argument `value` is required when `to_replace` is dict.')
    }
    const scalar = (v: unknown) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
    if (!isDict && !scalar(toReplace) && !Array.isArray(toReplace)) {
      throw argumentError(
        'NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_LIST_OR_STR_OR_TUPLE',
        `Argument \`to_replace\` should be a bool, dict, float, int, list, str or tuple, got ${pyTypeName(toReplace)}.`,
      )
    }
    if (!isDict && value !== null && value !== undefined && !scalar(value) && !Array.isArray(value)) {
      throw argumentError(
        'NOT_BOOL_OR_FLOAT_OR_INT_OR_LIST_OR_NONE_OR_STR_OR_TUPLE',
        `Argument \`value\` should be a bool, float, int, list, None, str or tuple, got ${pyTypeName(value)}.`,
      )
    }
    if (Array.isArray(toReplace) && Array.isArray(value) && toReplace.length !== value.length) {
      throw argumentError(
        'LENGTH_SHOULD_BE_THE_SAME',
        `to_replace and value should be of the same length, got ${toReplace.length} and ${value.length}.`,
      )
    }
    const names = subsetNames(subset, 'NOT_LIST_OR_STR_OR_TUPLE', 'list, str or tuple')
    let pairs: [unknown, unknown][]
    if (isDict) pairs = entriesOf(toReplace as ReadonlyMap<unknown, unknown>)
    else {
      const keys = Array.isArray(toReplace) ? toReplace : [toReplace]
      pairs = keys.map((k, i) => [k, Array.isArray(value) ? value[i] : value])
    }
    const values = pairs.map(([, v]) => v).filter((v) => v !== null && v !== undefined)
    const kinds = ['boolean', 'string', 'number']
    if (!kinds.some((kind) => pairs.every(([k]) => typeof k === kind) && values.every((v) => typeof v === kind))) {
      throw argumentError('MIXED_TYPE_REPLACEMENT', 'Mixed type replacements are not supported.')
    }
    const output = this.df.plan.output
    if (pairs.length === 0 || names?.length === 0) return this.df
    const ids = new Set(names === undefined ? output.map((a) => a.id) : this.attributeIds(names))
    const first = pairs[0]![0] as NaValue
    return this.df.select(
      ...output.map((a) => {
        if (!ids.has(a.id) || !typeMatches(first, a.dataType)) return new Column(a)
        // Spark's CaseKeyWhen(col, k1, cast(v1), ..., col): the first equal key wins; null never equals a key.
        const column = new Column(a)
        const target = (v: unknown) => lit((v ?? null) as NaValue | null).cast(a.dataType)
        const [k0, v0] = pairs[0]!
        let chain = when(column.eq(lit(k0 as NaValue)), target(v0))
        for (const [k, v] of pairs.slice(1)) chain = chain.when(column.eq(lit(k as NaValue)), target(v))
        return chain.otherwise(column).alias(a.name)
      }),
    )
  }

  /** The attributes `names` resolve to (Spark's UNRESOLVED_COLUMN for a name the DataFrame lacks). */
  private attributeIds(names: readonly string[]): number[] {
    return names.map((name) => {
      const expr = this.df.col(name).expr
      if (expr.kind !== 'Attribute') throw new UnsupportedOperationException(`Nested field ${name} is not supported.`)
      return expr.id
    })
  }
}
