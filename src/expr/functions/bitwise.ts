// Bitwise operators on integral types: `&`, `|`, `^` and `~` (bitwise_and/or/xor/not), bit_count, getbit and the
// shifts, in two's complement. BIGINT
// values are split into 32-bit halves (exact for the ±2^53 a JS number holds), so no BigInt is needed.
import { arrayTypeFor, bitAt, type NumberArray, numericColumn, TWO_32 } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { BYTE, type DataType, INTEGER, isIntegral, LONG, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, castTo, coerceArgs, type Expected, widerType } from './coercion.js'
import { numbersOver } from './define.js'
import { int64Words } from './radix.js'
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

/** Set bits in a 32-bit word. */
function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

/** bit_count(x): the set bits of an integral's two's complement (64 bits for BIGINT) or of a boolean (0 or 1). */
const bitCount: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const t = dataTypeOf(args[0]!)
    if (!isIntegral(t) && t.kind !== 'boolean' && t.kind !== 'null') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the ` +
          `("INTEGRAL" or "BOOLEAN") type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(t)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    return { args: t.kind === 'null' ? [castTo(args[0]!, LONG)] : [...args], dataType: INTEGER }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const out = new Int32Array(n)
    const t = dataTypeOf(call.args[0]!)
    if (t.kind === 'boolean') {
      const input = materialize(args[0]!, n)
      for (let i = 0; i < n; i++) out[i] = bitAt(input.values as Uint8Array, i) ? 1 : 0
    } else if (!hasNullScalar(args)) {
      const words = int64Words(args[0]!, n)
      // Narrower types are sign-extended to 64 bits by int64Words; Spark counts only their own width.
      const mask = t.kind === 'byte' ? 0xff : t.kind === 'short' ? 0xffff : 0xffffffff
      for (let i = 0; i < n; i++) {
        const low = popcount32((words[2 * i]! & mask) >>> 0)
        out[i] = t.kind === 'long' ? low + popcount32(words[2 * i + 1]!) : low
      }
    }
    return numericColumn(INTEGER, out, combinedValidity(args, n))
  },
}

const bitWidths: Record<string, number> = { byte: 8, short: 16, integer: 32, long: 64 }

/** getbit(x, pos) / bit_get: bit `pos` (0 = least significant) of an integral as TINYINT; pos outside the width fails. */
const getBit: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const coerced = coerceArgs(name, args, ['integral', INTEGER])
    return { args: coerced, dataType: BYTE }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const width = bitWidths[dataTypeOf(call.args[0]!).kind] ?? 64
    const validity = combinedValidity(args, n)
    const out = new Int8Array(n)
    if (!hasNullScalar(args)) {
      const words = int64Words(args[0]!, n)
      const positions = numbersOver(args[1]!, n)
      for (let i = 0; i < n; i++) {
        if (validity !== null && !bitAt(validity, i)) continue
        const pos = positions[i]!
        if (pos < 0 || pos >= width) {
          throw new IllegalArgumentException(
            `The value of parameter(s) \`pos\` in \`${call.name}\` is invalid: expects an integer value in [0, ${width}), but got ${pos}.`,
            { errorClass: 'INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE' },
          )
        }
        out[i] = pos < 32 ? (words[2 * i]! >>> pos) & 1 : (words[2 * i + 1]! >>> (pos - 32)) & 1
      }
    }
    return numericColumn(BYTE, out, validity)
  },
}

type Shift = 'left' | 'right' | 'unsigned'

/** shiftleft / shiftright / shiftrightunsigned: Java's << >> >>> on INT or BIGINT (narrower types widen to INT). */
function shift(kind: Shift): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve(args, name) {
      const t = dataTypeOf(args[0]!)
      const base: Expected = t.kind === 'long' ? LONG : t.kind === 'string' || t.kind === 'null' ? LONG : INTEGER
      const coerced = coerceArgs(name, args, [
        isIntegral(t) || t.kind === 'string' || t.kind === 'null' ? base : 'integral',
        INTEGER,
      ])
      return { args: coerced, dataType: dataTypeOf(coerced[0]!) }
    },
    kernel(args, ctx, call) {
      const n = ctx.length
      const validity = combinedValidity(args, n)
      const counts = numbersOver(args[1]!, n)
      if (call.dataType.kind !== 'long') {
        const values = numbersOver(args[0]!, n)
        const out = new Int32Array(n)
        for (let i = 0; i < n; i++) {
          const c = counts[i]! & 31
          const v = values[i]! | 0
          out[i] = kind === 'left' ? v << c : kind === 'right' ? v >> c : v >>> c
        }
        return numericColumn(INTEGER, out, validity)
      }
      const words = int64Words(args[0]!, n)
      const result = new BigInt64Array(n)
      const out = new Uint32Array(result.buffer)
      for (let i = 0; i < n; i++) {
        const c = counts[i]! & 63
        const lo = words[2 * i]!
        const hi = words[2 * i + 1]!
        let rlo: number
        let rhi: number
        if (kind === 'left') {
          rhi = c === 0 ? hi : c < 32 ? (hi << c) | (lo >>> (32 - c)) : lo << (c - 32)
          rlo = c < 32 ? lo << c : 0
        } else {
          const fill = kind === 'right' && (hi | 0) < 0 ? 0xffffffff : 0
          rlo =
            c === 0
              ? lo
              : c < 32
                ? (lo >>> c) | (hi << (32 - c))
                : kind === 'right'
                  ? (hi | 0) >> (c - 32)
                  : hi >>> (c - 32)
          rhi = c < 32 ? (kind === 'right' ? (hi | 0) >> c : hi >>> c) : fill
        }
        out[2 * i] = rlo >>> 0
        out[2 * i + 1] = rhi >>> 0
      }
      return numericColumn(LONG, result, validity)
    },
  }
}

export const bitFunctions = {
  bit_count: bitCount,
  getbit: getBit,
  bit_get: getBit,
  shiftleft: shift('left'),
  shiftright: shift('right'),
  shiftrightunsigned: shift('unsigned'),
  // The operator forms (Spark 4's `<<`, `>>`, `>>>`), which print as `(a << b)`.
  '<<': shift('left'),
  '>>': shift('right'),
  '>>>': shift('unsigned'),
} satisfies Record<string, ScalarFunction>
