// array_sort (ascending with NULLs last, or by a comparator lambda) and shuffle (Spark's random permutation per seed).
// A comparator runs once per batch over every ordered pair of elements of each array, and each array is then sorted
// as java.util.Arrays.sort (TimSort's run detection and binary insertion) sorts it, reading the precomputed answers,
// so a comparator that is not a total order orders elements as Spark's does.
import {
  bitAt,
  type Column,
  listColumn,
  nullColumn,
  numbersOf,
  rowComparator,
  take,
  validityOf,
  valueAt,
} from '../../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { type ArrayType, LONG, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, literal } from '../expression.js'
import { callText, coerceArgs } from './coercion.js'
import { type HigherOrder, isLambda, type LambdaEvaluator, requireArray } from './higher-order.js'
import { MersenneTwister } from './mersenne-twister.js'
import type { ScalarFunction } from './spec.js'
import { isScalar, materialize, type Vec } from './vector.js'

const evaluatorOf = (v: Vec): LambdaEvaluator => (v as { value: LambdaEvaluator }).value

/** Offsets relative to the first element (the gathered child starts at 0). */
const rebase = (offsets: Int32Array) => (offsets[0] === 0 ? offsets : offsets.map((o) => o - offsets[0]!))

/**
 * Sorts `a` (element indices) in place as Java's TimSort does for a short array: the leading run (reversed when
 * strictly descending), then binary insertion of the rest. `compare(x, y)` is the comparator's answer.
 */
function timSortSmall(a: Int32Array, compare: (x: number, y: number) => number): void {
  const n = a.length
  if (n < 2) return
  let runHi = 1
  if (compare(a[runHi++]!, a[0]!) < 0) {
    while (runHi < n && compare(a[runHi]!, a[runHi - 1]!) < 0) runHi++
    a.subarray(0, runHi).reverse()
  } else {
    while (runHi < n && compare(a[runHi]!, a[runHi - 1]!) >= 0) runHi++
  }
  for (let start = runHi; start < n; start++) {
    const pivot = a[start]!
    let left = 0
    let right = start
    while (left < right) {
      const mid = (left + right) >>> 1
      if (compare(pivot, a[mid]!) < 0) right = mid
      else left = mid + 1
    }
    a.copyWithin(left + 1, left, start)
    a[left] = pivot
  }
}

function comparatorReturnsNull(elements: Column, type: ArrayType, x: number, y: number): SparkRuntimeException {
  const text = (j: number) => String(valueAt(elements, type.elementType, j))
  return new SparkRuntimeException(
    `The comparator has returned a NULL for a comparison between ${text(x)} and ${text(y)}. It should return a ` +
      'positive integer for "greater than", 0 for "equal" and a negative integer for "less than". To revert to ' +
      'deprecated behavior where NULL is treated as 0 (equal), you must set ' +
      '"spark.sql.legacy.allowNullComparisonResultInArraySort" to "true".',
    { errorClass: 'COMPARATOR_RETURNS_NULL' },
  )
}

/** array_sort(arr) ascending with NULL elements last; array_sort(arr, (left, right) -> int) by the comparator. */
const arraySort: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [1, 2],
  lambdaParams: (args, position) => {
    if (position !== 1) return undefined
    const element = requireArray('array_sort', args, 0).elementType
    return [element, element]
  },
  resolve(args, name) {
    const type = requireArray(name, args, 0)
    const comparator = args[1]
    if (comparator !== undefined) {
      const returns = dataTypeOf(isLambda(comparator) ? comparator.args[0]! : comparator)
      if (returns.kind !== 'integer') {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: Return type of the given function has to be "INT", but it's "${sqlTypeName(returns)}".`,
          { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE' },
        )
      }
    } else if (type.elementType.kind === 'map') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: The \`${name}\` does not support ordering on type "${sqlTypeName(type.elementType)}".`,
        { errorClass: 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE' },
      )
    }
    return { args, dataType: dataTypeOf(args[0]!) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const type = call.dataType as ArrayType
    const list = materialize(args[0]!, n)
    if (list.nullCount === list.length) return nullColumn(type, n)
    const offsets = list.valueOffsets as Int32Array
    const elements = list.children[0]!
    const order = new Int32Array(offsets[n]! - offsets[0]!)
    for (let j = 0; j < order.length; j++) order[j] = offsets[0]! + j
    if (args[1] === undefined) sortByValue(order, offsets, elements, type)
    else sortByComparator(order, offsets, elements, type, args[1], n)
    return listColumn(type, rebase(offsets), take(elements, order), validityOf(list))
  },
}

/** Each row's elements ascending by value, NULLs last (a stable sort, as Spark's default comparator is total). */
function sortByValue(order: Int32Array, offsets: Int32Array, elements: Column, type: ArrayType): void {
  const compare = rowComparator(type.elementType, elements, elements)
  const valid = validityOf(elements)
  const base = offsets[0]!
  for (let r = 0; r + 1 < offsets.length; r++) {
    const row = order.subarray(offsets[r]! - base, offsets[r + 1]! - base)
    row.sort((x, y) => {
      const xNull = valid !== null && !bitAt(valid, x)
      const yNull = valid !== null && !bitAt(valid, y)
      return xNull || yNull ? Number(xNull) - Number(yNull) : compare(x, y)
    })
  }
}

/** Each row's elements by the comparator, evaluated once over every ordered pair of the row's elements. */
function sortByComparator(
  order: Int32Array,
  offsets: Int32Array,
  elements: Column,
  type: ArrayType,
  comparator: Vec,
  n: number,
): void {
  let pairs = 0
  for (let r = 0; r < n; r++) pairs += (offsets[r + 1]! - offsets[r]!) ** 2
  const left = new Int32Array(pairs)
  const right = new Int32Array(pairs)
  const rows = new Int32Array(pairs)
  const pairStart = new Float64Array(n)
  let p = 0
  for (let r = 0; r < n; r++) {
    pairStart[r] = p
    for (let x = offsets[r]!; x < offsets[r + 1]!; x++) {
      for (let y = offsets[r]!; y < offsets[r + 1]!; y++) {
        left[p] = x
        right[p] = y
        rows[p++] = r
      }
    }
  }
  const answers = materialize(
    evaluatorOf(comparator)([take(elements, left), take(elements, right)], rows, pairs),
    pairs,
  )
  const values = numbersOf(answers)
  const valid = validityOf(answers)
  const base = offsets[0]!
  for (let r = 0; r < n; r++) {
    const start = offsets[r]!
    const size = offsets[r + 1]! - start
    const first = pairStart[r]!
    timSortSmall(order.subarray(start - base, start - base + size), (x, y) => {
      const at = first + (x - start) * size + (y - start)
      if (valid !== null && !bitAt(valid, at)) throw comparatorReturnsNull(elements, type, x, y)
      return values[at]!
    })
  }
}

/**
 * shuffle(arr[, seed]): a random permutation of each array, Spark's for the seed (MT19937 and the inside-out
 * Fisher-Yates shuffle, restarted per batch as per partition); without a seed, one is drawn at analysis.
 */
const shuffle: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    requireArray(name, args, 0)
    const seed = args[1] ?? literal(Math.floor(Math.random() * 2 ** 53) - 2 ** 52, LONG)
    if (seed.kind !== 'Literal') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input seed should be a foldable "BIGINT" expression.`,
        { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
      )
    }
    return { args: [args[0]!, ...coerceArgs(name, [seed], ['integral'])], dataType: dataTypeOf(args[0]!) }
  },
  perBatch: true,
  kernel(args, ctx, call) {
    const n = ctx.length
    const list = materialize(args[0]!, n)
    const seed = isScalar(args[1]!) ? Number(args[1].value ?? 0) : 0
    const rng = new MersenneTwister(seed)
    const offsets = list.valueOffsets as Int32Array
    const valid = validityOf(list)
    const order = new Int32Array(offsets[n]! - offsets[0]!)
    const base = offsets[0]!
    for (let r = 0; r < n; r++) {
      const start = offsets[r]! - base
      const length = offsets[r + 1]! - offsets[r]!
      // A NULL array draws nothing (Spark evaluates only non-null ones); its elements, if any, stay in place.
      if (valid !== null && !bitAt(valid, r)) {
        for (let i = 0; i < length; i++) order[start + i] = offsets[r]! + i
        continue
      }
      // Spark's RandomIndicesGenerator: the inside-out Fisher-Yates shuffle of 0..length-1.
      for (let i = 0; i < length; i++) {
        const j = rng.nextInt(i + 1)
        if (j !== i) order[start + i] = order[start + j]!
        order[start + j] = i
      }
      for (let i = 0; i < length; i++) order[start + i]! += offsets[r]!
    }
    return listColumn(call.dataType, rebase(offsets), take(list.children[0]!, order), validityOf(list))
  },
}

export const arraySortFunctions: Record<string, ScalarFunction & Partial<HigherOrder>> = {
  array_sort: arraySort,
  shuffle,
}
