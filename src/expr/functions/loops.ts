// Generated tight loops for hot element-wise kernels (arithmetic, comparison), one per operator and operand shape.
//
// Each template is a fixed expression over `x` and `y` written in this file (never user input). Generating the
// loops gives V8 one monomorphic function per operator instead of a shared loop calling a closure per row:
//   for (let i = 0; i < n; i++) out[i] = <expr with x = a[i], y = b[i]>
// with variants where either operand is a constant.

import { isScalar, type Vec } from './vector.js'

type Operand = ArrayLike<number> | number
export type ArithmeticLoop = (a: Operand, b: Operand, out: { [i: number]: number }, n: number) => void
export type CompareLoop = (a: Operand, b: Operand, bits: Uint8Array, n: number) => void

function compile<T>(body: (x: string, y: string) => string, kind: 'assign' | 'bits'): T {
  const shapes = [
    ['a[i]', 'b[i]'],
    ['a', 'b[i]'],
    ['a[i]', 'b'],
    ['a', 'b'],
  ] as const
  const loops = shapes.map(([x, y]) => {
    const statement = kind === 'assign' ? `out[i] = ${body(x, y)};` : `if (${body(x, y)}) out[i >> 3] |= 1 << (i & 7);`
    return new Function('a', 'b', 'out', 'n', `for (let i = 0; i < n; i++) { ${statement} }`) as (
      a: Operand,
      b: Operand,
      out: unknown,
      n: number,
    ) => void
  })
  return ((a: Operand, b: Operand, out: unknown, n: number) => {
    const shape = (typeof a === 'number' ? 1 : 0) + (typeof b === 'number' ? 2 : 0)
    loops[shape]!(a, b, out, n)
  }) as T
}

const arithmetic = (body: (x: string, y: string) => string) => compile<ArithmeticLoop>(body, 'assign')
const comparison = (body: (x: string, y: string) => string) => compile<CompareLoop>(body, 'bits')

export const arithmeticLoops = {
  add: arithmetic((x, y) => `${x} + ${y}`),
  subtract: arithmetic((x, y) => `${x} - ${y}`),
  multiply: arithmetic((x, y) => `${x} * ${y}`),
  /** 32-bit multiplication wrapping on overflow like Java's `int *` (a double product loses the low bits). */
  multiplyInt: arithmetic((x, y) => `Math.imul(${x}, ${y})`),
  divide: arithmetic((x, y) => `${x} / ${y}`),
  /** Int32 operands take V8's integer remainder (same result as `%` on doubles, which calls fmod: 3× slower). */
  remainder: arithmetic(
    (x, y) => `(${x} === (${x} | 0) && ${y} === (${y} | 0) ? (${x} | 0) % (${y} | 0) : ${x} % ${y})`,
  ),
  /** Integral division truncating toward zero (Spark's `div`). */
  div: arithmetic((x, y) => `Math.trunc(${x} / ${y})`),
  /** Spark's `pmod`: `r = x % y; r < 0 ? (r + y) % y : r` (so the result follows y's sign only when r < 0). */
  pmod: arithmetic((x, y) => `(${x} % ${y} < 0 ? ((${x} % ${y}) + ${y}) % ${y} : ${x} % ${y})`),
} as const

/** A comparison's test as a JS expression over the code of its two operands (a template written in this file). */
export type CompareTest = (x: string, y: string) => string

/** `x op y` of numbers. */
export const compareTests = {
  eq: (x, y) => `${x} === ${y}`,
  lt: (x, y) => `${x} < ${y}`,
  le: (x, y) => `${x} <= ${y}`,
  gt: (x, y) => `${x} > ${y}`,
  ge: (x, y) => `${x} >= ${y}`,
} as const satisfies Record<string, CompareTest>

export type CompareOp = keyof typeof compareTests

/**
 * `x op y` of floating-point values with Spark's NaN semantics (SQLOrderingUtil.compareDoubles): NaN equals NaN and is
 * greater than every other value, including +Infinity; -0.0 equals 0.0.
 */
export const compareTestsNaN: Record<CompareOp, CompareTest> = {
  eq: (x, y) => `${x} === ${y} || (${x} !== ${x} && ${y} !== ${y})`,
  lt: (x, y) => `${x} < ${y} || (${y} !== ${y} && ${x} === ${x})`,
  le: (x, y) => `${x} <= ${y} || ${y} !== ${y}`,
  gt: (x, y) => `${x} > ${y} || (${x} !== ${x} && ${y} === ${y})`,
  ge: (x, y) => `${x} >= ${y} || ${x} !== ${x}`,
}

const byOp = <T>(make: (op: CompareOp) => T): Record<CompareOp, T> => ({
  eq: make('eq'),
  lt: make('lt'),
  le: make('le'),
  gt: make('gt'),
  ge: make('ge'),
})

/**
 * `x op y` of int64 values given as the code of their (signed) high words and of their low words: the high words
 * decide unless equal, then the low words compared unsigned — exact, without converting to doubles.
 */
export const int64CompareTests = byOp(
  (op) =>
    (x: string, y: string, xLow: string, yLow: string): string =>
      `${x} !== ${y} ? ${compareTests[op](x, y)} : ${compareTests[op](`(${xLow} >>> 0)`, `(${yLow} >>> 0)`)}`,
)

export const compareLoops = byOp((op) => comparison(compareTests[op]))

/** Comparisons of floating-point values with Spark's NaN semantics (compareTestsNaN). */
export const compareLoopsNaN = byOp((op) => comparison(compareTestsNaN[op]))

/**
 * One int64 operand of `int64CompareLoops`: a column's (low, high) words, two per row, or one constant's two words.
 */
export interface Int64Words {
  readonly words: Int32Array
  readonly constant: boolean
}
export type Int64CompareLoop = (a: Int64Words, b: Int64Words, bits: Uint8Array, n: number) => void

/** Exact comparisons of int64 values by their words (int64CompareTests), without converting them to doubles. */
function int64Comparison(op: CompareOp): Int64CompareLoop {
  const test = int64CompareTests[op]
  const word = (side: string, constant: boolean, high: boolean) =>
    `${side}[${constant ? '' : '2 * i + '}${high ? 1 : 0}]`
  const loops = [false, true].flatMap((aConst) =>
    [false, true].map(
      (bConst) =>
        new Function(
          'a',
          'b',
          'out',
          'n',
          `for (let i = 0; i < n; i++) {
            const x = ${word('a', aConst, true)}, y = ${word('b', bConst, true)};
            if (${test('x', 'y', word('a', aConst, false), word('b', bConst, false))}) out[i >> 3] |= 1 << (i & 7);
          }`,
        ) as (a: Int32Array, b: Int32Array, out: Uint8Array, n: number) => void,
    ),
  )
  return (a, b, out, n) => loops[(a.constant ? 2 : 0) + (b.constant ? 1 : 0)]!(a.words, b.words, out, n)
}

export const int64CompareLoops = byOp(int64Comparison)

/**
 * An int64 operand as words, when its values are int64 (a column read as it is, a constant split once), so that the
 * comparison is exact without converting a column to doubles; null otherwise.
 */
export function int64Operand(v: Vec): Int64Words | null {
  if (!isScalar(v)) {
    const values = v.values as unknown
    return values instanceof BigInt64Array
      ? { words: new Int32Array(values.buffer, values.byteOffset, v.length * 2), constant: false }
      : null
  }
  const value = v.value
  if (typeof value === 'bigint') return { words: new Int32Array(BigInt64Array.of(value).buffer), constant: true }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return null
  const high = Math.floor(value / 2 ** 32)
  return { words: Int32Array.of(value - high * 2 ** 32, high), constant: true }
}

export type ArithmeticOp = keyof typeof arithmeticLoops
