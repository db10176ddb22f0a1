// Comparisons and boolean logic with SQL's three-valued semantics: = <=> < <= > >=, AND, OR, NOT, IS NULL, IN, LIKE.
import {
  allValidBitmap,
  bitAt,
  boolColumn,
  type Column,
  compareBytes,
  isInt64Backed,
  newBitmap,
  rowComparator,
  take,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { BOOLEAN, type DataType, DOUBLE, isNumeric, sameType, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, fn } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { rowKey } from './arrays.js'
import { castTo, widerType, widestType } from './coercion.js'
import { typed } from './define.js'
import { type CompareOp, compareLoops, compareLoopsNaN, int64CompareLoops, int64Operand } from './loops.js'
import { likeFunctions } from './regexp.js'
import type { ScalarFunction } from './spec.js'
import { stringInConstants } from './string-in-list.js'
import {
  combinedValidity,
  hasNullScalar,
  isScalar,
  materialize,
  numbersOfVec,
  type Scalar,
  type Vec,
  validityOfVec,
} from './vector.js'

/** The type both sides of a comparison are cast to (Spark's findCommonTypeForBinaryComparison, simplified). */
export function comparisonType(a: DataType, b: DataType): DataType | undefined {
  const atomic = (t: DataType) => !['array', 'map', 'struct', 'null', 'interval'].includes(t.kind)
  // SPARK-22469: a string compared with a decimal is compared as DOUBLE.
  if ((a.kind === 'string' && b.kind === 'decimal') || (a.kind === 'decimal' && b.kind === 'string')) return DOUBLE
  if (a.kind === 'string' && b.kind !== 'string' && atomic(b)) return b
  if (b.kind === 'string' && a.kind !== 'string' && atomic(a)) return a
  return widerType(a, b)
}

function resolveComparison(args: readonly Expr[], name: string) {
  const [ta, tb] = args.map(dataTypeOf) as [DataType, DataType]
  // BooleanEquality: `b = 1` compares the boolean cast to the number's type (only for = and <=>).
  if (name === 'equal_to' || name === 'eq_null_safe') {
    if (ta.kind === 'boolean' && isNumeric(tb)) return { args: [castTo(args[0]!, tb), args[1]!], dataType: BOOLEAN }
    if (tb.kind === 'boolean' && isNumeric(ta)) return { args: [args[0]!, castTo(args[1]!, ta)], dataType: BOOLEAN }
  }
  const common = comparisonType(ta, tb)
  if (!common) {
    throw new AnalysisException(
      `Cannot resolve "${sqlText(fn(name, args, BOOLEAN, true))}" due to data type mismatch: the left and right ` +
        `operands of the binary operator have incompatible types ("${sqlTypeName(ta)}" and "${sqlTypeName(tb)}").`,
      { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES' },
    )
  }
  return { args: args.map((e) => castTo(e, common)), dataType: BOOLEAN }
}

interface ByteSide {
  readonly bytes: Uint8Array
  readonly offsets: Int32Array | null
  readonly start: number
  readonly end: number
}

function byteSide(v: Vec): ByteSide {
  if (isScalar(v)) {
    const bytes = typeof v.value === 'string' ? new TextEncoder().encode(v.value) : (v.value as Uint8Array)
    return { bytes, offsets: null, start: 0, end: bytes.length }
  }
  return { bytes: v.values as Uint8Array, offsets: v.valueOffsets as Int32Array, start: 0, end: 0 }
}

/** Bits of the rows of a string or binary column whose bytes equal `constant` (lengths first, then bytes). */
function equalToConstant(column: Column, constant: Uint8Array, bits: Uint8Array, n: number): void {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const length = constant.length
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!
    if (offsets[i + 1]! - start !== length) continue
    let k = 0
    while (k < length && bytes[start + k] === constant[k]) k++
    if (k === length) bits[i >> 3]! |= 1 << (i & 7)
  }
}

const tests: Record<CompareOp, (c: number) => boolean> = {
  eq: (c) => c === 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
}

/** Row-wise `a op b` under Spark's ordering for values of `type` (bits only; the caller handles NULLs). */
export function compareValues(op: CompareOp, left: Vec, right: Vec, type: DataType, n: number): Uint8Array {
  const bits = newBitmap(n)
  // A NULL constant compares as a column of nulls (its validity decides the result; the values are zeros).
  const a = isScalar(left) && left.value === null ? materialize(left, n) : left
  const b = isScalar(right) && right.value === null ? materialize(right, n) : right
  switch (type.kind) {
    case 'null':
      return bits
    case 'string':
    case 'binary': {
      if (op === 'eq' && isScalar(a) !== isScalar(b)) {
        equalToConstant((isScalar(a) ? b : a) as Column, byteSide(isScalar(a) ? a : b).bytes, bits, n)
        return bits
      }
      const left = byteSide(a)
      const right = byteSide(b)
      const test = tests[op]
      for (let i = 0; i < n; i++) {
        const as = left.offsets ? left.offsets[i]! : left.start
        const ae = left.offsets ? left.offsets[i + 1]! : left.end
        const bs = right.offsets ? right.offsets[i]! : right.start
        const be = right.offsets ? right.offsets[i + 1]! : right.end
        if (op === 'eq' && ae - as !== be - bs) continue
        if (test(compareBytes(left.bytes, as, ae, right.bytes, bs, be))) bits[i >> 3]! |= 1 << (i & 7)
      }
      return bits
    }
    case 'boolean': {
      const numbers = (v: Vec) => {
        if (isScalar(v)) return v.value ? 1 : 0
        const source = v.values as Uint8Array
        const out = new Uint8Array(n)
        for (let i = 0; i < n; i++) out[i] = (source[i >> 3]! >> (i & 7)) & 1
        return out
      }
      compareLoops[op](numbers(a), numbers(b), bits, n)
      return bits
    }
    case 'array':
    case 'map':
    case 'struct': {
      const compare = rowComparator(type, materialize(a, n), materialize(b, n))
      const test = tests[op]
      for (let i = 0; i < n; i++) if (test(compare(i, i))) bits[i >> 3]! |= 1 << (i & 7)
      return bits
    }
    case 'float':
    case 'double':
      compareLoopsNaN[op](numbersOfVec(a), numbersOfVec(b), bits, n)
      return bits
    default: {
      const x64 = isInt64Backed(type) ? int64Operand(a) : null
      const y64 = x64 && int64Operand(b)
      if (y64 && !(x64.constant && y64.constant)) {
        int64CompareLoops[op](x64, y64, bits, n)
        return bits
      }
      const x = numbersOfVec(a)
      const y = numbersOfVec(b)
      compareLoops[op](x, y, bits, n)
      if (mayTieWhenDistinct(type)) settleTies(op, a, b, type, x, y, bits, n)
      return bits
    }
  }
}

/** Types whose distinct values can share a double: BIGINT and timestamps past 2^53, decimals wider than 15 digits. */
const mayTieWhenDistinct = (type: DataType) => (type.kind === 'decimal' ? type.precision > 15 : isInt64Backed(type))

/**
 * Rows whose doubles are equal but large enough to stand for distinct values are compared again exactly (by their
 * int64 or decimal128 words), and their bits set by that answer.
 */
function settleTies(
  op: CompareOp,
  a: Vec,
  b: Vec,
  type: DataType,
  x: ArrayLike<number> | number,
  y: ArrayLike<number> | number,
  bits: Uint8Array,
  n: number,
): void {
  // A double at or past this magnitude may round distinct unscaled values together.
  const large = type.kind === 'decimal' ? 2 ** 53 / 10 ** type.scale : 2 ** 53
  // A constant below it ties only with values below it, which are exact: nothing to settle (the common case).
  if ((typeof x === 'number' && Math.abs(x) < large) || (typeof y === 'number' && Math.abs(y) < large)) return
  const xs = typeof x === 'number' ? undefined : x
  const ys = typeof y === 'number' ? undefined : y
  let compare: ((i: number, j: number) => number) | undefined
  const test = tests[op]
  for (let i = 0; i < n; i++) {
    const v = xs === undefined ? (x as number) : xs[i]!
    if (v !== (ys === undefined ? (y as number) : ys[i]!) || Math.abs(v) < large) continue
    compare ??= rowComparator(type, materialize(a, n), materialize(b, n))
    if (test(compare(i, i))) bits[i >> 3]! |= 1 << (i & 7)
    else bits[i >> 3]! &= ~(1 << (i & 7))
  }
}

/**
 * Whether each element of a list (or map entries') column equals its row's `value`: one columnar comparison, the
 * value gathered per element (a constant is compared as it is). Elements outside rows [0, rows) compare false.
 */
export function elementsEqual(
  offsets: Int32Array,
  rows: number,
  elements: Column,
  value: Vec,
  type: DataType,
): Uint8Array {
  const count = offsets[rows]!
  if (isScalar(value)) return compareValues('eq', elements, value, type, count)
  const parent = new Int32Array(count).fill(-1)
  for (let i = 0; i < rows; i++) parent.fill(i, offsets[i]!, offsets[i + 1]!)
  return compareValues('eq', elements, take(value, parent), type, count)
}

function comparison(op: CompareOp): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve: resolveComparison,
    kernel(args, ctx, call) {
      const [a, b] = args as [Vec, Vec]
      const bits = compareValues(op, a, b, dataTypeOf(call.args[0]!), ctx.length)
      return boolColumn(bits, ctx.length, combinedValidity(args, ctx.length))
    },
  }
}

const booleanBits = (v: Vec, n: number): Uint8Array =>
  isScalar(v) ? (v.value ? allValidBitmap(n) : newBitmap(n)) : (v.values as Uint8Array)

/**
 * AND / OR take BOOLEAN operands with no implicit cast beyond NULL (they are BinaryOperators, not
 * ImplicitCastInputTypes): differing types are BINARY_OP_DIFF_TYPES, a shared non-boolean type BINARY_OP_WRONG_TYPE.
 */
function resolveLogical(args: readonly Expr[], name: string) {
  const operands = args.map((e) => (dataTypeOf(e).kind === 'null' ? castTo(e, BOOLEAN) : e))
  const [ta, tb] = operands.map(dataTypeOf) as [DataType, DataType]
  if (ta.kind === 'boolean' && tb.kind === 'boolean') {
    return { args: operands, dataType: BOOLEAN, nullable: operands.some((e) => e.kind !== 'Literal') }
  }
  const text = sqlText(fn(name, operands, BOOLEAN, true))
  if (!sameType(ta, tb, true)) {
    throw new AnalysisException(
      `Cannot resolve "${text}" due to data type mismatch: the left and right operands of the binary operator ` +
        `have incompatible types ("${sqlTypeName(ta)}" and "${sqlTypeName(tb)}").`,
      { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES' },
    )
  }
  throw new AnalysisException(
    `Cannot resolve "${text}" due to data type mismatch: the binary operator requires the input type "BOOLEAN", ` +
      `not "${sqlTypeName(ta)}".`,
    { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE' },
  )
}

/** AND / OR over bitmaps, eight rows per byte, with three-valued logic. */
function logical(isAnd: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve: resolveLogical,
    kernel: (args, ctx) => {
      const n = ctx.length
      const [a, b] = args.map((v) => booleanBits(v, n)) as [Uint8Array, Uint8Array]
      const [va, vb] = args.map((v) => validityOfVec(v, n)) as [Uint8Array | null, Uint8Array | null]
      const bytes = (n + 7) >> 3
      const values = new Uint8Array(bytes)
      let validity: Uint8Array | null = null
      if (va !== null || vb !== null) validity = new Uint8Array(bytes)
      for (let k = 0; k < bytes; k++) {
        const x = a[k]!
        const y = b[k]!
        values[k] = isAnd ? x & y : x | y
        if (validity !== null) {
          const vx = va === null ? 0xff : va[k]!
          const vy = vb === null ? 0xff : vb[k]!
          // AND is known when both are known or either is a known false; OR when either is a known true.
          validity[k] = isAnd ? (vx & vy) | (vx & ~x) | (vy & ~y) : (vx & vy) | (vx & x) | (vy & y)
        }
      }
      return boolColumn(values, n, validity)
    },
  }
}

function nullTest(wantNull: boolean): ScalarFunction {
  return typed(
    ['any'],
    BOOLEAN,
    (args, ctx) => {
      const n = ctx.length
      const validity = validityOfVec(args[0]!, n)
      if (validity === null) return boolColumn(wantNull ? newBitmap(n) : allValidBitmap(n), n, null, 0)
      const bits = validity.slice()
      if (wantNull) for (let k = 0; k < bits.length; k++) bits[k] = ~bits[k]!
      return boolColumn(bits, n, null, 0)
    },
    { nullable: () => false },
  )
}

/** `a <=> b`: equality where two nulls are equal and null never equals a value. */
const eqNullSafe: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ ...resolveComparison(args, name), nullable: false }),
  kernel(args, ctx, call) {
    const n = ctx.length
    const [a, b] = args as [Vec, Vec]
    const bits = compareValues('eq', a, b, dataTypeOf(call.args[0]!), n)
    const va = validityOfVec(a, n)
    const vb = validityOfVec(b, n)
    if (va !== null || vb !== null) {
      for (let i = 0; i < n; i++) {
        const x = va === null || bitAt(va, i)
        const y = vb === null || bitAt(vb, i)
        if (x !== y || (!x && !y)) {
          if (!x && !y) bits[i >> 3]! |= 1 << (i & 7)
          else bits[i >> 3]! &= ~(1 << (i & 7))
        }
      }
    }
    return boolColumn(bits, n, null, 0)
  },
}

/** `value IN (list)`: null when value is null, or when nothing matched and the list holds a null. */
const inList: ScalarFunction = {
  kind: 'scalar',
  arity: [1, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    const common = widestType(args.map(dataTypeOf))
    if (!common) {
      throw new AnalysisException(
        `Cannot resolve "${sqlText(fn(name, args, BOOLEAN, true))}" due to data type mismatch: Input to \`in\` should all be the same type, but it's [${args.map((a) => `"${sqlTypeName(dataTypeOf(a))}"`).join(', ')}].`,
        { errorClass: 'DATATYPE_MISMATCH.DATA_DIFF_TYPES' },
      )
    }
    return { args: args.map((a) => castTo(a, common)), dataType: BOOLEAN }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const type = dataTypeOf(call.args[0]!)
    // A NULL value is never IN anything: the result is NULL.
    if (type.kind === 'null' || (isScalar(args[0]!) && args[0].value === null)) {
      return boolColumn(newBitmap(n), n, newBitmap(n))
    }
    const value = materialize(args[0]!, n)
    const list = args.slice(1)
    const bits = newBitmap(n)
    const valid = newBitmap(n)
    const valueValidity = validityOf(value)
    const listHasNull = list.some((v) => isScalar(v) && v.value === null)
    const keyOf = rowKey(value, type)
    const constants = list.every(isScalar)
      ? new Set(
          list.map((v) => materialize(v, 1)).map((c) => (validityOf(c) === null ? rowKey(c, type)(0) : undefined)),
        )
      : null
    const columns = constants ? [] : list.map((v) => materialize(v, n))
    const columnKeys = columns.map((c) => rowKey(c, type))
    const columnValidity = columns.map(validityOf)
    const inStrings = constants && type.kind === 'string' ? stringInConstants(value, list as Scalar[]) : null
    for (let i = 0; i < n; i++) {
      if (valueValidity !== null && !bitAt(valueValidity, i)) continue
      let found = false
      let sawNull = listHasNull
      if (inStrings) found = inStrings(i)
      else if (constants) found = constants.has(keyOf(i))
      else {
        const key = keyOf(i)
        for (let k = 0; k < columns.length; k++) {
          const cv = columnValidity[k]!
          if (cv !== null && !bitAt(cv, i)) sawNull = true
          else if (columnKeys[k]!(i) === key) found = true
        }
      }
      if (found) {
        bits[i >> 3]! |= 1 << (i & 7)
        valid[i >> 3]! |= 1 << (i & 7)
      } else if (!sawNull) valid[i >> 3]! |= 1 << (i & 7)
    }
    return boolColumn(bits, n, valid)
  },
}

export const predicateFunctions = {
  equal_to: comparison('eq'),
  less_than: comparison('lt'),
  less_than_or_equal: comparison('le'),
  greater_than: comparison('gt'),
  greater_than_or_equal: comparison('ge'),
  eq_null_safe: eqNullSafe,
  and: logical(true),
  or: logical(false),
  not: typed(['boolean'], BOOLEAN, (args, ctx) => {
    const n = ctx.length
    const bits = booleanBits(args[0]!, n).slice()
    for (let k = 0; k < bits.length; k++) bits[k] = ~bits[k]!
    return boolColumn(bits, n, validityOfVec(args[0]!, n))
  }),
  is_null: nullTest(true),
  is_not_null: nullTest(false),
  isnan: typed(
    ['numeric'],
    BOOLEAN,
    (args, ctx) => {
      const n = ctx.length
      const bits = newBitmap(n)
      if (hasNullScalar(args)) return boolColumn(bits, n, null, 0)
      const values = numbersOfVec(args[0]!)
      const validity = validityOfVec(args[0]!, n)
      for (let i = 0; i < n; i++) {
        const x = typeof values === 'number' ? values : values[i]!
        if (Number.isNaN(x) && (validity === null || bitAt(validity, i))) bits[i >> 3]! |= 1 << (i & 7)
      }
      return boolColumn(bits, n, null, 0)
    },
    { nullable: () => false },
  ),
  in: inList,
  ...likeFunctions,
} satisfies Record<string, ScalarFunction>
