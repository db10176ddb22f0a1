// Join conditions' comparisons evaluated over candidate row pairs in place: a conjunct `x op y` (= < <= > >=) whose
// operands are columns of either side (or one a constant) of an integral, date, timestamp, interval or floating
// type reads each column at its pair's row, so no column is gathered for the pairs before they are narrowed.
//
// A pair passes a conjunction only when every conjunct is TRUE: a NULL operand (the comparison is NULL) fails it,
// as false does. So the comparisons narrow the pairs one after another, each reading only the pairs still kept,
// and the conjuncts left (any other expression) run on the survivors through `fallback`. Conjuncts are
// deterministic here (Spark refuses nondeterministic join conditions), so running the rest on fewer pairs changes no
// answer; it can only leave out an error that a pair dropped by a comparison would have raised, as Spark's
// short-circuiting AND does.
import { type Column, int64WordsOf, numbersOf, validityOf } from '../arrow/index.js'
import { isDeterministic } from '../expr/canonical.js'
import { type Attribute, dataTypeOf, type Expr } from '../expr/expression.js'
import { int64Operand } from '../expr/functions/loops.js'
import { Scalar } from '../expr/functions/vector.js'
import { splitConjuncts } from '../logical/join-conditions.js'
import type { DataType } from '../types/data-types.js'

type Op = 'eq' | 'lt' | 'le' | 'gt' | 'ge'
/** How values are read and compared: int64 words (exact past 2^53), numbers, or numbers with Spark's NaN order. */
type ValueKind = 'int64' | 'number' | 'float'

const OPS: Record<string, Op> = {
  equal_to: 'eq',
  less_than: 'lt',
  less_than_or_equal: 'le',
  greater_than: 'gt',
  greater_than_or_equal: 'ge',
}
/** `c op x` is `x flipped(op) c`. */
const FLIPPED: Record<Op, Op> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' }

function valueKind(type: DataType): ValueKind | undefined {
  switch (type.kind) {
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval':
      return 'int64'
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
      return 'number'
    case 'float':
    case 'double':
      return 'float'
    default:
      return undefined
  }
}

/** A column operand: which side, and its index among that side's columns. */
interface ColumnOperand {
  readonly side: 'left' | 'right'
  readonly index: number
}

/** One comparison `a op b`; `b` is a column or a constant (a constant on the left is flipped to the right). */
interface PairComparison {
  readonly op: Op
  readonly kind: ValueKind
  readonly a: ColumnOperand
  readonly b: ColumnOperand | { readonly constant: Int32Array | number }
}

/** The pair comparisons among a condition's conjuncts, and the conjuncts left over (ANDed). */
export interface SplitResidual {
  readonly comparisons: readonly PairComparison[]
  readonly rest: readonly Expr[]
}

/** Splits a join's residual condition into the comparisons evaluated over pairs in place and the rest. */
export function splitPairComparisons(
  residual: Expr | undefined,
  left: readonly Attribute[],
  right: readonly Attribute[],
): SplitResidual {
  const conjuncts = splitConjuncts(residual)
  // Only a deterministic condition is reordered (see the top of the file).
  if (!conjuncts.every(isDeterministic)) return { comparisons: [], rest: conjuncts }
  const comparisons: PairComparison[] = []
  const rest: Expr[] = []
  for (const c of conjuncts) {
    const comparison = pairComparison(c, left, right)
    if (comparison) comparisons.push(comparison)
    else rest.push(c)
  }
  return { comparisons, rest }
}

function pairComparison(e: Expr, left: readonly Attribute[], right: readonly Attribute[]): PairComparison | undefined {
  if (e.kind !== 'Fn' || !(e.name in OPS) || e.args.length !== 2) return undefined
  const [x, y] = e.args as [Expr, Expr]
  const type = dataTypeOf(x)
  const kind = valueKind(type)
  if (kind === undefined || dataTypeOf(y).kind !== type.kind) return undefined
  const column = (operand: Expr): ColumnOperand | undefined => {
    if (operand.kind !== 'Attribute') return undefined
    const l = left.findIndex((a) => a.id === operand.id)
    if (l >= 0) return { side: 'left', index: l }
    const r = right.findIndex((a) => a.id === operand.id)
    return r >= 0 ? { side: 'right', index: r } : undefined
  }
  const constant = (operand: Expr): Int32Array | number | undefined => {
    if (operand.kind !== 'Literal' || operand.value === null) return undefined
    if (kind === 'int64') return int64Operand(new Scalar(operand.value, operand.dataType))?.words ?? undefined
    return typeof operand.value === 'number' ? operand.value : undefined
  }
  const op = OPS[e.name]!
  const a = column(x)
  const b = column(y)
  if (a && b) return { op, kind, a, b }
  if (a) {
    const c = constant(y)
    return c === undefined ? undefined : { op, kind, a, b: { constant: c } }
  }
  if (b) {
    const c = constant(x)
    return c === undefined ? undefined : { op: FLIPPED[op], kind, a: b, b: { constant: c } }
  }
  return undefined
}

/** The columns of both sides, each side's row of every pair. */
export interface PairSides {
  readonly left: readonly Column[]
  readonly leftRows: Int32Array
  readonly right: readonly Column[]
  readonly rightRows: Int32Array
}

/**
 * The pairs (of `pairs`) passing every comparison: `'all'`, `'none'` or their positions, ascending. Each
 * comparison reads only the pairs the ones before it kept.
 */
export function selectPairs(
  comparisons: readonly PairComparison[],
  sides: PairSides,
  pairs: number,
): Int32Array | 'all' | 'none' {
  let kept: Int32Array | null = null
  let count = pairs
  for (const c of comparisons) {
    const out: Int32Array = kept ?? new Int32Array(pairs)
    count = runComparison(c, sides, kept, count, out)
    kept = out
    if (count === 0) return 'none'
  }
  return kept === null || count === pairs ? 'all' : kept.subarray(0, count)
}

/** Reads a column operand: int64 words or numbers, its validity and the pairs' rows into it. */
function operandOf(kind: ValueKind, operand: ColumnOperand, sides: PairSides) {
  const column = (operand.side === 'left' ? sides.left : sides.right)[operand.index]!
  return {
    values: kind === 'int64' ? int64WordsOf(column) : numbersOf(column),
    validity: validityOf(column),
    rows: operand.side === 'left' ? sides.leftRows : sides.rightRows,
  }
}

function runComparison(
  c: PairComparison,
  sides: PairSides,
  selected: Int32Array | null,
  n: number,
  out: Int32Array,
): number {
  const a = operandOf(c.kind, c.a, sides)
  if ('constant' in c.b) {
    const loop = pairLoop(c.op, c.kind, true, selected !== null)
    return loop(a.values, a.rows, a.validity, c.b.constant, null, null, selected, n, out)
  }
  const b = operandOf(c.kind, c.b, sides)
  const loop = pairLoop(c.op, c.kind, false, selected !== null)
  return loop(a.values, a.rows, a.validity, b.values, b.rows, b.validity, selected, n, out)
}

/**
 * One pass of a comparison over pairs: for each pair p (0..n-1, or `selected[0..n-1]`), `a[aRows[p]] op
 * b[bRows[p]]` (or `op b` for a constant), skipping pairs with a NULL operand; the passing pairs are written to
 * `out` (which may be `selected` itself: a pair is written at or before where it was read), their count returned.
 */
type PairLoop = (
  a: ArrayLike<number>,
  aRows: Int32Array,
  aValid: Uint8Array | null,
  b: ArrayLike<number> | number,
  bRows: Int32Array | null,
  bValid: Uint8Array | null,
  selected: Int32Array | null,
  n: number,
  out: Int32Array,
) => number

/**
 * The test of `x op y` as a JS expression, for each way of reading values. int64 values are (low, high) words:
 * the signed high words decide unless equal, then the low words unsigned. Floats follow Spark's order (NaN equals
 * NaN and is above every other value; -0.0 equals 0.0), as predicates.ts compares them.
 */
const TESTS: Record<ValueKind, Record<Op, (x: string, y: string, xLow: string, yLow: string) => string>> = {
  int64: {
    eq: (x, y, xl, yl) => `${x} === ${y} && ${xl} === ${yl}`,
    lt: (x, y, xl, yl) => `${x} !== ${y} ? ${x} < ${y} : (${xl} >>> 0) < (${yl} >>> 0)`,
    le: (x, y, xl, yl) => `${x} !== ${y} ? ${x} < ${y} : (${xl} >>> 0) <= (${yl} >>> 0)`,
    gt: (x, y, xl, yl) => `${x} !== ${y} ? ${x} > ${y} : (${xl} >>> 0) > (${yl} >>> 0)`,
    ge: (x, y, xl, yl) => `${x} !== ${y} ? ${x} > ${y} : (${xl} >>> 0) >= (${yl} >>> 0)`,
  },
  number: {
    eq: (x, y) => `${x} === ${y}`,
    lt: (x, y) => `${x} < ${y}`,
    le: (x, y) => `${x} <= ${y}`,
    gt: (x, y) => `${x} > ${y}`,
    ge: (x, y) => `${x} >= ${y}`,
  },
  float: {
    eq: (x, y) => `${x} === ${y} || (${x} !== ${x} && ${y} !== ${y})`,
    lt: (x, y) => `${x} < ${y} || (${y} !== ${y} && ${x} === ${x})`,
    le: (x, y) => `${x} <= ${y} || ${y} !== ${y}`,
    gt: (x, y) => `${x} > ${y} || (${x} !== ${x} && ${y} === ${y})`,
    ge: (x, y) => `${x} >= ${y} || ${x} !== ${x}`,
  },
}

const loops = new Map<string, PairLoop>()

/**
 * The loop for one operator, value kind and operand shape, generated once (from the fixed templates above, never
 * user input) so that V8 sees one monomorphic loop per case. Its readable form, for two int64 columns:
 *   for (k = 0; k < n; k++) { p = selected ? selected[k] : k; i = aRows[p]; j = bRows[p]
 *     if (a or b is NULL at i / j) continue
 *     if (compare(a[2i + 1], b[2j + 1], a[2i], b[2j])) out[count++] = p }
 */
function pairLoop(op: Op, kind: ValueKind, constant: boolean, isSelected: boolean): PairLoop {
  const key = `${op}:${kind}:${constant}:${isSelected}`
  let loop = loops.get(key)
  if (loop) return loop
  const int64 = kind === 'int64'
  const x = int64 ? 'a[2 * i + 1]' : 'a[i]'
  const xLow = 'a[2 * i]'
  const y = constant ? (int64 ? 'b[1]' : 'b') : int64 ? 'b[2 * j + 1]' : 'b[j]'
  const yLow = constant ? 'b[0]' : 'b[2 * j]'
  const test = TESTS[kind][op](x, y, xLow, yLow)
  const body = `
    let count = 0;
    for (let k = 0; k < n; k++) {
      const p = ${isSelected ? 'selected[k]' : 'k'};
      const i = aRows[p];
      if (aValid !== null && ((aValid[i >> 3] >> (i & 7)) & 1) === 0) continue;
      ${constant ? '' : 'const j = bRows[p]; if (bValid !== null && ((bValid[j >> 3] >> (j & 7)) & 1) === 0) continue;'}
      if (${test}) out[count++] = p;
    }
    return count;`
  loop = new Function('a', 'aRows', 'aValid', 'b', 'bRows', 'bValid', 'selected', 'n', 'out', body) as PairLoop
  loops.set(key, loop)
  return loop
}
