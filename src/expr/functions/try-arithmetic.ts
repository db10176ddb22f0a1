// try_add, try_subtract, try_multiply, try_divide and try_mod: the operators' results, with NULL where an integral
// result would overflow its type (the plain operators wrap around in non-ANSI mode) and for division by zero.
import { bitAt, type Column, newBitmap, numbersOf, setBit, validityOf, withValidity } from '../../arrow/index.js'
import { dataTypeOf } from '../expression.js'
import { arithmeticFunctions } from './arithmetic.js'
import { numbersOver } from './define.js'
import { intervalArithmetic, isIntervalCall } from './interval-arithmetic.js'
import type { ScalarFunction } from './spec.js'
import { isScalar, type Vec } from './vector.js'

const ranges: Record<string, readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [-(2 ** 63), 2 ** 63 - 1],
}

/** Below this magnitude a double sum or product of BIGINTs is certainly inside the BIGINT range. */
const LONG_EDGE = 2 ** 62

/** Whether a BIGINT add/subtract/multiply near ±2^63 fits: by the signs of the operands and the wrapped result. */
function longFits(op: Op, operands: readonly Vec[], i: number, a: number, b: number, wrapped: number): boolean {
  switch (op) {
    case 'add':
      return a >= 0 !== b >= 0 || wrapped >= 0 === a >= 0
    case 'subtract':
      return a >= 0 === b >= 0 || wrapped >= 0 === a >= 0
    case 'multiply': {
      const big = (v: Vec) => {
        if (isScalar(v)) return BigInt(v.value as number | bigint)
        return (v.values as BigInt64Array)[i]!
      }
      const product = big(operands[0]!) * big(operands[1]!)
      return product === BigInt.asIntN(64, product)
    }
    default:
      return true
  }
}

type Op = 'add' | 'subtract' | 'multiply' | 'divide' | 'remainder'

const exact: Record<Op, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  remainder: (a, b) => a % b,
}

function tryOperator(op: Op): ScalarFunction {
  const base = arithmeticFunctions[op]
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve(args, name) {
      // try_add(n, date) is date_add(date, n), as in Spark's TryAdd.
      const swap = op === 'add' && dataTypeOf(args[1]!).kind === 'date' && dataTypeOf(args[0]!).kind !== 'date'
      const resolved = base.resolve(swap ? [args[1]!, args[0]!] : args, name)
      return { ...resolved, args: swap ? [...resolved.args].reverse() : resolved.args, nullable: true }
    },
    kernel(args, ctx, call) {
      const swapped =
        op === 'add' && dataTypeOf(call.args[1]!).kind === 'date' && dataTypeOf(call.args[0]!).kind !== 'date'
      const operands = swapped ? [args[1]!, args[0]!] : args
      if (op !== 'remainder' && isIntervalCall(call)) return intervalArithmetic(op, operands, ctx, call, true)
      const result = base.kernel(operands, ctx, call) as Column
      const range = ranges[call.dataType.kind]
      if (
        range === undefined ||
        dataTypeOf(call.args[0]!).kind === 'date' ||
        dataTypeOf(call.args[1]!).kind === 'date'
      ) {
        return result
      }
      // Overflow: the exact result (in doubles, exact within ±2^53 and ordered beyond) is outside the type. BIGINT
      // results near ±2^63 are judged by the wrapped result's sign instead (doubles round 2^63 - 1 up to 2^63).
      const n = ctx.length
      const [a, b] = [numbersOver(operands[0]!, n), numbersOver(operands[1]!, n)]
      const long = call.dataType.kind === 'long'
      const wrapped = long ? numbersOf(result) : null
      const valid = validityOf(result)
      const bits = newBitmap(n)
      let nulls = 0
      for (let i = 0; i < n; i++) {
        const value = exact[op](a[i]!, b[i]!)
        const fits =
          wrapped !== null && Math.abs(value) >= LONG_EDGE
            ? longFits(op, operands, i, a[i]!, b[i]!, wrapped[i]!)
            : value >= range[0] && value <= range[1]
        if ((valid === null || bitAt(valid, i)) && fits) setBit(bits, i)
        else nulls++
      }
      return nulls === 0 ? result : withValidity(result, bits)
    },
  }
}

export const tryArithmeticFunctions = {
  try_add: tryOperator('add'),
  try_subtract: tryOperator('subtract'),
  try_multiply: tryOperator('multiply'),
  try_divide: tryOperator('divide'),
  try_mod: tryOperator('remainder'),
} satisfies Record<string, ScalarFunction>
