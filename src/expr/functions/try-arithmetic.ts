// try_add, try_subtract, try_multiply, try_divide and try_mod: the operators' results, with NULL where an integral
// result would overflow its type (the plain operators wrap around in non-ANSI mode) and for division by zero.
import { bitAt, type Column, newBitmap, setBit, validityOf, withValidity } from '../../arrow/index.js'
import { dataTypeOf } from '../expression.js'
import { arithmeticFunctions } from './arithmetic.js'
import { numbersOver } from './define.js'
import { intervalArithmetic, isIntervalCall } from './interval-arithmetic.js'
import type { ScalarFunction } from './spec.js'

const ranges: Record<string, readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [-(2 ** 63), 2 ** 63 - 1],
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
      // Overflow: the exact result (in doubles, exact within ±2^53 and ordered beyond) is outside the type.
      const n = ctx.length
      const [a, b] = [numbersOver(operands[0]!, n), numbersOver(operands[1]!, n)]
      const valid = validityOf(result)
      const bits = newBitmap(n)
      let nulls = 0
      for (let i = 0; i < n; i++) {
        const value = exact[op](a[i]!, b[i]!)
        if ((valid === null || bitAt(valid, i)) && value >= range[0] && value <= range[1]) setBit(bits, i)
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
