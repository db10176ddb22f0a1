// Bitwise operators on integral types: `&`, `|`, `^` and `~` (bitwise_and/or/xor/not), in two's complement. BIGINT
// values are split into 32-bit halves (exact for the ±2^53 a JS number holds), so no BigInt is needed.
import { arrayTypeFor, type NumberArray, numericColumn, TWO_32 } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, isIntegral, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { castTo, widerType } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, hasNullScalar, materialize, numbersOfVec } from './vector.js'

type Op = (a: number, b: number) => number

/** `op` over the two's complement bits of integers within ±2^53, through their high and low 32-bit halves. */
function onHalves(op: Op): Op {
  return (a, b) => {
    const ha = Math.floor(a / TWO_32)
    const hb = Math.floor(b / TWO_32)
    return op(ha, hb) * TWO_32 + (op(a - ha * TWO_32, b - hb * TWO_32) >>> 0)
  }
}

function wrongType(name: string, args: readonly Expr[], type: DataType): AnalysisException {
  return new AnalysisException(
    `Cannot resolve "${sqlText({ kind: 'Fn', name, args, dataType: type, nullable: true })}" due to data type ` +
      `mismatch: the binary operator requires the input type "INTEGRAL", not "${sqlTypeName(type)}".`,
    { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE' },
  )
}

/** The common integral type of the operands (a NULL operand takes the other's), each cast to it. */
function resolveIntegral(args: readonly Expr[], name: string): { args: Expr[]; dataType: DataType } {
  const types = args.map(dataTypeOf)
  const known = types.find((t) => t.kind !== 'null')
  if (!known) return { args: [...args], dataType: types[0]! }
  const bad = types.find((t) => t.kind !== 'null' && !isIntegral(t))
  if (bad) throw wrongType(name, args, bad)
  const common = types.reduce<DataType>((w, t) => (t.kind === 'null' ? w : (widerType(w, t) ?? w)), known)
  return { args: args.map((e) => castTo(e, common)), dataType: common }
}

/** An integral function whose `fill` writes each row from the operands' numbers (BIGINT when `long`). */
function integral(
  arity: number,
  fill: (operands: readonly ArrayLike<number>[], out: NumberArray, n: number, long: boolean) => void,
): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [arity, arity],
    resolve: resolveIntegral,
    kernel(args, ctx, call) {
      const n = ctx.length
      const out = new (arrayTypeFor(call.dataType))(n)
      if (!hasNullScalar(args)) {
        const operands = args.map((a) => numbersOfVec(materialize(a, n)) as ArrayLike<number>)
        fill(operands, out, n, call.dataType.kind === 'long')
      }
      return numericColumn(call.dataType, out, combinedValidity(args, n))
    },
  }
}

function binary(int32: Op): ScalarFunction {
  const int64 = onHalves(int32)
  return integral(2, ([a, b], out, n, long) => {
    const op = long ? int64 : int32
    for (let i = 0; i < n; i++) out[i] = op(a![i]!, b![i]!)
  })
}

export const bitwiseFunctions = {
  bitwise_and: binary((a, b) => a & b),
  bitwise_or: binary((a, b) => a | b),
  bitwise_xor: binary((a, b) => a ^ b),
  // ~x = -x - 1 in two's complement, exact for every integer a number holds.
  bitwise_not: integral(1, ([a], out, n) => {
    for (let i = 0; i < n; i++) out[i] = -a![i]! - 1
  }),
} as const
