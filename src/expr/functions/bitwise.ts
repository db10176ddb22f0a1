// Bitwise operators on integral types: `&`, `|`, `^` and `~` (bitwise_and/or/xor/not), in two's complement. BIGINT
// values are split into 32-bit halves (exact for the ±2^53 a JS number holds), so no BigInt is needed.
import { arrayTypeFor, numericColumn } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, isIntegral, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { castTo, widerType } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, hasNullScalar, materialize, numbersOfVec } from './vector.js'

type Op = (a: number, b: number) => number

const TWO_32 = 4294967296

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

function bitwise(int32: Op): ScalarFunction {
  const int64 = onHalves(int32)
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve: resolveIntegral,
    kernel(args, ctx, call) {
      const n = ctx.length
      const out = new (arrayTypeFor(call.dataType))(n)
      if (!hasNullScalar(args)) {
        const a = numbersOfVec(materialize(args[0]!, n)) as ArrayLike<number>
        const b = numbersOfVec(materialize(args[1]!, n)) as ArrayLike<number>
        const op = call.dataType.kind === 'long' ? int64 : int32
        for (let i = 0; i < n; i++) out[i] = op(a[i]!, b[i]!)
      }
      return numericColumn(call.dataType, out, combinedValidity(args, n))
    },
  }
}

const not: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve: resolveIntegral,
  kernel(args, ctx, call) {
    const n = ctx.length
    const out = new (arrayTypeFor(call.dataType))(n)
    if (!hasNullScalar(args)) {
      const a = numbersOfVec(materialize(args[0]!, n)) as ArrayLike<number>
      // ~x = -x - 1 in two's complement, exact for every integer a number holds.
      for (let i = 0; i < n; i++) out[i] = -a[i]! - 1
    }
    return numericColumn(call.dataType, out, combinedValidity(args, n))
  },
}

export const bitwiseFunctions = {
  bitwise_and: bitwise((a, b) => a & b),
  bitwise_or: bitwise((a, b) => a | b),
  bitwise_xor: bitwise((a, b) => a ^ b),
  bitwise_not: not,
} as const
