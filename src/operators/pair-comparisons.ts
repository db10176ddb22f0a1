// Join conditions' comparisons evaluated over candidate row pairs in place: a conjunct `x op y` (= < <= > >=) whose
// operands are columns of either side (or one a constant) of an integral, date, timestamp, interval or floating
// type reads each column at its pair's row, so no column is gathered for the pairs before they are narrowed. A hash
// join tests them as it lists a chunk's pairs (groupPairFiller), so a failing pair is never written at all.
//
// A pair passes a conjunction only when every conjunct is TRUE: a NULL operand (the comparison is NULL) fails it,
// as false does. So each pair is tested comparison by comparison, stopping at the first that is not TRUE, and the
// conjuncts left (any other expression) run afterwards on the pairs kept (join-kernel.ts). Conjuncts are
// deterministic here (Spark refuses nondeterministic join conditions), so running the rest on fewer pairs changes no
// answer; it can only leave out an error that a pair dropped by a comparison would have raised, as Spark's
// short-circuiting AND does.
import { type Column, int64WordsOf, numbersOf, validityOf } from '../arrow/index.js'
import { isDeterministic } from '../expr/canonical.js'
import { type Attribute, dataTypeOf, type Expr } from '../expr/expression.js'
import {
  type CompareOp,
  compareTests,
  compareTestsNaN,
  int64CompareTests,
  int64Operand,
} from '../expr/functions/loops.js'
import { Scalar } from '../expr/functions/vector.js'
import { splitConjuncts } from '../logical/join-conditions.js'
import type { DataType } from '../types/data-types.js'

/** How values are read and compared: int64 words (exact past 2^53), numbers, or numbers with Spark's NaN order. */
type ValueKind = 'int64' | 'number' | 'float'

const OPS: Record<string, CompareOp> = {
  equal_to: 'eq',
  less_than: 'lt',
  less_than_or_equal: 'le',
  greater_than: 'gt',
  greater_than_or_equal: 'ge',
}
/** `c op x` is `x flipped(op) c`. */
const FLIPPED: Record<CompareOp, CompareOp> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' }

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
export interface PairComparison {
  readonly op: CompareOp
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

/**
 * What the generated code of some comparisons reads, four entries per comparison: a's values and validity, then
 * b's (a constant: its int64 words or number, and null). Values are int64 words (low, high per row) or numbers.
 */
export function comparisonOperands(
  comparisons: readonly PairComparison[],
  left: readonly Column[],
  right: readonly Column[],
): unknown[] {
  const column = (operand: ColumnOperand) => (operand.side === 'left' ? left : right)[operand.index]!
  const values = (kind: ValueKind, c: Column) => (kind === 'int64' ? int64WordsOf(c) : numbersOf(c))
  return comparisons.flatMap((c) => {
    const a = column(c.a)
    if ('constant' in c.b) return [values(c.kind, a), validityOf(a), c.b.constant, null]
    const b = column(c.b)
    return [values(c.kind, a), validityOf(a), values(c.kind, b), validityOf(b)]
  })
}

/**
 * Pairs given as row lists: of pairs 0..n-1, those passing every comparison are written to `out` (ascending), their
 * count returned.
 */
type ListFilter = (
  leftRows: Int32Array,
  rightRows: Int32Array,
  n: number,
  operands: unknown[],
  out: Int32Array,
) => number

/** Selects the pairs passing every comparison, of pairs given as row lists: `'all'`, `'none'` or their positions. */
export type PairSelector = (
  left: readonly Column[],
  leftRows: Int32Array,
  right: readonly Column[],
  rightRows: Int32Array,
) => Int32Array | 'all' | 'none'

/** The selector of pairs passing `comparisons`, its loop generated once. */
export function pairSelector(comparisons: readonly PairComparison[]): PairSelector {
  const filter = generated<ListFilter>(
    ['leftRows', 'rightRows', 'n', 'operands', 'out'],
    `${operandLocals(comparisons)}
    let count = 0;
    for (let p = 0; p < n; p++) {
      const lr = leftRows[p], rr = rightRows[p];
      ${testsCode(comparisons)}
      out[count++] = p;
    }
    return count;`,
  )
  return (left, leftRows, right, rightRows) => {
    const n = leftRows.length
    const out = new Int32Array(n)
    const count = filter(leftRows, rightRows, n, comparisonOperands(comparisons, left, right), out)
    return count === n ? 'all' : count === 0 ? 'none' : out.subarray(0, count)
  }
}

/**
 * A hash join's pairs for probe rows `from`..`end - 1`: for each probe row i whose group g is not -1, each build row
 * `grouped[starts[g]]` .. `grouped[starts[g + 1] - 1]` that passes every comparison with it is written, i to
 * `probeRows` and the build row to `buildRows`; their count is returned. Pairs failing a comparison are never
 * written (so never narrowed or gathered afterwards).
 */
export type GroupPairFiller = (
  groups: Int32Array,
  from: number,
  end: number,
  starts: Int32Array,
  grouped: Int32Array,
  probeRows: Int32Array,
  buildRows: Int32Array,
  operands: unknown[],
) => number

export function groupPairFiller(
  comparisons: readonly PairComparison[],
  buildIsLeft: boolean,
  /** Group g is build row g alone (HashedRelation.oneRowPerGroup): `starts` and `grouped` are not read. */
  oneRowPerGroup: boolean,
): GroupPairFiller {
  const pair = `const lr = ${buildIsLeft ? 'r' : 'i'}, rr = ${buildIsLeft ? 'i' : 'r'};
    ${testsCode(comparisons)}
    probeRows[count] = i;
    buildRows[count++] = r;`
  const loop = oneRowPerGroup
    ? `for (let i = from; i < end; i++) {
        const r = groups[i];
        if (r < 0) continue;
        ${pair}
      }`
    : `for (let i = from; i < end; i++) {
        const g = groups[i];
        if (g < 0) continue;
        const stop = starts[g + 1];
        for (let q = starts[g]; q < stop; q++) {
          const r = grouped[q];
          ${pair}
        }
      }`
  return generated<GroupPairFiller>(
    ['groups', 'from', 'end', 'starts', 'grouped', 'probeRows', 'buildRows', 'operands'],
    `${operandLocals(comparisons)}
    let count = 0;
    ${loop}
    return count;`,
  )
}

/** Locals A<m>, AV<m>, B<m>, BV<m>: comparison m's operands (see comparisonOperands). */
const operandLocals = (comparisons: readonly PairComparison[]) =>
  comparisons
    .map((_, m) => {
      const at = 4 * m
      return `const A${m} = operands[${at}], AV${m} = operands[${at + 1}], B${m} = operands[${at + 2}], BV${m} = operands[${at + 3}];`
    })
    .join('\n')

/**
 * Statements that `continue` past a pair (its rows `lr` and `rr`) unless every comparison is TRUE: a NULL operand
 * fails it like false. Readable form of one comparison of two int64 columns (rows ra, rb of the pair):
 *   if (a is NULL at ra || b is NULL at rb) continue
 *   if (!compare(a[2ra + 1], b[2rb + 1], a[2ra], b[2rb])) continue
 */
function testsCode(comparisons: readonly PairComparison[]): string {
  const rowOf = (operand: ColumnOperand) => (operand.side === 'left' ? 'lr' : 'rr')
  const isNull = (bits: string, row: string) =>
    `(${bits} !== null && ((${bits}[${row} >> 3] >> (${row} & 7)) & 1) === 0)`
  return comparisons
    .map((c, m) => {
      const ra = rowOf(c.a)
      const int64 = c.kind === 'int64'
      const x = int64 ? `A${m}[2 * ${ra} + 1]` : `A${m}[${ra}]`
      const xLow = `A${m}[2 * ${ra}]`
      if ('constant' in c.b) {
        const test = TESTS[c.kind][c.op](x, int64 ? `B${m}[1]` : `B${m}`, xLow, `B${m}[0]`)
        return `if (${isNull(`AV${m}`, ra)} || !(${test})) continue;`
      }
      const rb = rowOf(c.b)
      const y = int64 ? `B${m}[2 * ${rb} + 1]` : `B${m}[${rb}]`
      const test = TESTS[c.kind][c.op](x, y, xLow, `B${m}[2 * ${rb}]`)
      return `if (${isNull(`AV${m}`, ra)} || ${isNull(`BV${m}`, rb)} || !(${test})) continue;`
    })
    .join('\n')
}

/**
 * The test of `x op y` as a JS expression, for each way of reading values: the kernels' own templates (loops.ts) —
 * int64 values as (low, high) words, floats in Spark's order (NaN equals NaN and is above every other value; -0.0
 * equals 0.0).
 */
const TESTS: Record<ValueKind, Record<CompareOp, (x: string, y: string, xLow: string, yLow: string) => string>> = {
  int64: int64CompareTests,
  number: compareTests,
  float: compareTestsNaN,
}

const compiled = new Map<string, unknown>()

/**
 * A function generated from code assembled here out of the fixed templates above (never user input), once per
 * distinct code: V8 then sees one monomorphic loop per set of comparisons instead of a loop calling a closure per
 * pair.
 */
function generated<F>(parameters: readonly string[], body: string): F {
  const key = `${parameters.join(',')}\n${body}`
  let f = compiled.get(key)
  if (f === undefined) {
    f = new Function(...parameters, body)
    compiled.set(key, f)
  }
  return f as F
}
