// Arithmetic and math functions: + - * / % div pmod, unary minus, abs, round, floor, ceil, sqrt, exp, log, pow.
import {
  arrayTypeFor,
  isInt64Backed,
  nullColumn,
  numericColumn,
  numericColumnOwning,
  withValidity,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import {
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  INTEGER,
  INTERVAL,
  isIntegral,
  isNumeric,
  LONG,
  sameType,
  sqlTypeName,
} from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, castTo, coerceArgs, integralDecimalOf, unexpectedInputType, widerType } from './coercion.js'
import { decimalArithmetic, decimalUnary } from './decimal-arithmetic.js'
import { decimalRound, roundedDecimalType } from './decimal-round.js'
import { numericMap, sameAsFirst, typed } from './define.js'
import {
  intervalArithmetic,
  isIntervalCall,
  resolveIntervalArithmetic,
  withIntervalSign,
} from './interval-arithmetic.js'
import { exactLongResult, roundLong } from './long-arithmetic.js'
import { type ArithmeticOp, arithmeticLoops } from './loops.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, hasNullScalar, invalidateWhere, isScalar, materialize, numbersOfVec } from './vector.js'

const MAX_PRECISION = 38

/** Spark's `DecimalType.bounded` with `adjustPrecisionScale` (precision loss allowed, the default). */
function boundedDecimal(precision: number, scale: number): DataType {
  if (precision <= MAX_PRECISION) return DecimalType(precision, scale)
  const intDigits = precision - scale
  return DecimalType(MAX_PRECISION, Math.max(MAX_PRECISION - intDigits, Math.min(scale, 6)))
}

/** Precision and scale of a decimal operand, an integral one widened first. */
function decimalShape(t: DataType): [number, number] {
  return t.kind === 'decimal' ? [t.precision, t.scale] : [integralDecimalOf(t)?.precision ?? 20, 0]
}

/**
 * Precision and scale of a decimal operand as DecimalPrecision sees it: an integral literal beside a decimal counts
 * only its own digits (`DecimalType.fromLiteral`, spark.sql.legacy.literal.pickMinimumPrecision), so 1 / 0.5 is
 * DECIMAL(8,6), not DECIMAL(17,6).
 */
function operandShape(e: Expr): [number, number] {
  const t = dataTypeOf(e)
  if (e.kind === 'Literal' && isIntegral(t) && typeof e.value === 'number') {
    return [Math.max(1, String(Math.abs(e.value)).length), 0]
  }
  return decimalShape(t)
}

/** Spark's DecimalPrecision result types. */
function decimalResult(op: ArithmeticOp, a: Expr, b: Expr): DataType {
  const [p1, s1] = operandShape(a)
  const [p2, s2] = operandShape(b)
  switch (op) {
    case 'add':
    case 'subtract':
      return boundedDecimal(Math.max(p1 - s1, p2 - s2) + Math.max(s1, s2) + 1, Math.max(s1, s2))
    case 'multiply':
      return boundedDecimal(p1 + p2 + 1, s1 + s2)
    case 'divide': {
      const scale = Math.max(6, s1 + p2 + 1)
      return boundedDecimal(p1 - s1 + s2 + scale, scale)
    }
    default:
      return boundedDecimal(Math.min(p1 - s1, p2 - s2) + Math.max(s1, s2), Math.max(s1, s2))
  }
}

const operatorText = (name: string, args: readonly Expr[]) =>
  sqlText({ kind: 'Fn', name, args, dataType: DOUBLE, nullable: true })

/** DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES: the operands (after coercion) have different types. */
function mismatch(name: string, args: readonly Expr[]): AnalysisException {
  const [a, b] = args.map((x) => sqlTypeName(dataTypeOf(x)))
  return new AnalysisException(
    `Cannot resolve "${operatorText(name, args)}" due to data type mismatch: ` +
      `the left and right operands of the binary operator have incompatible types ("${a}" and "${b}").`,
    { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES' },
  )
}

/** The `inputType` of each operator as Spark's `toSQLType` prints it (BinaryArithmetic subclasses). */
const operatorInputType: Record<ArithmeticOp, string> = {
  add: '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")',
  subtract: '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")',
  multiply: '"NUMERIC"',
  multiplyInt: '"NUMERIC"',
  divide: '("DOUBLE" or "DECIMAL")',
  remainder: '"NUMERIC"',
  pmod: '"NUMERIC"',
  div: '("BIGINT" or "DECIMAL")',
}

/** DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE: both operands share a type the operator does not take. */
function wrongType(op: ArithmeticOp, name: string, args: readonly Expr[]): AnalysisException {
  return new AnalysisException(
    `Cannot resolve "${operatorText(name, args)}" due to data type mismatch: the binary operator requires the ` +
      `input type ${operatorInputType[op]}, not "${sqlTypeName(dataTypeOf(args[0]!))}".`,
    { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE' },
  )
}

/** Date/time arithmetic: timestamp ± interval, timestamp - timestamp, date ± days. */
function datetimeResult(op: ArithmeticOp, a: DataType, b: DataType): DataType | undefined {
  const time = (t: DataType) => t.kind === 'timestamp' || t.kind === 'timestamp_ntz'
  if (op === 'add' && time(a) && b.kind === 'interval') return a
  if (op === 'add' && a.kind === 'interval' && time(b)) return b
  if (op === 'subtract' && time(a) && b.kind === 'interval') return a
  if (op === 'subtract' && time(a) && time(b)) return INTERVAL
  if ((op === 'add' || op === 'subtract') && a.kind === 'date' && isIntegral(b)) return DATE
  if ((op === 'add' || op === 'subtract') && a.kind === 'interval' && b.kind === 'interval') return INTERVAL
  return undefined
}

/**
 * Spark's coercion of a binary arithmetic operator (non-ANSI): PromoteStrings casts a string operand to DOUBLE, a
 * NULL operand takes the other side's type, `/` computes in DOUBLE unless a decimal is involved, `div` in BIGINT,
 * and otherwise both sides widen to their common numeric type. What is left unequal is BINARY_OP_DIFF_TYPES; equal
 * but not numeric is BINARY_OP_WRONG_TYPE.
 */
function resolveArithmetic(op: ArithmeticOp, args: readonly Expr[], name: string) {
  const divides = op === 'divide' || op === 'remainder' || op === 'div' || op === 'pmod'
  const [ta, tb] = args.map(dataTypeOf) as [DataType, DataType]
  const interval = resolveIntervalArithmetic(op, args)
  if (interval) return { ...interval, nullable: op === 'divide' || undefined }
  const datetime = datetimeResult(op, ta, tb)
  if (datetime) return { args, dataType: datetime }
  // Spark rewrites DATE ± any other non-string operand to date_add/date_sub, whose type check rejects it.
  if ((op === 'add' || op === 'subtract') && ta.kind === 'date' && isNumeric(tb)) {
    throw unexpectedInputType(callText(op === 'add' ? 'date_add' : 'date_sub', args), 1, INTEGER, args[1]!)
  }
  if (op === 'add' && tb.kind === 'date' && isNumeric(ta)) {
    throw unexpectedInputType(callText('date_add', [args[1]!, args[0]!]), 1, INTEGER, args[0]!)
  }
  let operands = args.map((e) => (dataTypeOf(e).kind === 'string' ? castTo(e, DOUBLE) : e))
  const [la, lb] = operands.map(dataTypeOf) as [DataType, DataType]
  if (la.kind === 'null' && lb.kind !== 'null') operands = [castTo(operands[0]!, lb), operands[1]!]
  if (lb.kind === 'null' && la.kind !== 'null') operands = [operands[0]!, castTo(operands[1]!, la)]
  if (la.kind === 'null' && lb.kind === 'null') operands = operands.map((e) => castTo(e, DOUBLE))
  const [ca, cb] = operands.map(dataTypeOf) as [DataType, DataType]
  if (!isNumeric(ca) || !isNumeric(cb)) {
    throw sameType(ca, cb, true) ? wrongType(op, name, operands) : mismatch(name, operands)
  }
  const wider = widerType(ca, cb)!
  if (op === 'div') return { args: operands.map((e) => castTo(e, LONG)), dataType: LONG, nullable: true }
  if (wider.kind === 'decimal') {
    return { args: operands, dataType: decimalResult(op, operands[0]!, operands[1]!), nullable: divides || undefined }
  }
  const dataType = op === 'divide' ? DOUBLE : wider
  const cast = operands.map((e) => castTo(e, dataType))
  return divides ? { args: cast, dataType, nullable: true } : { args: cast, dataType }
}

function binaryArithmetic(op: ArithmeticOp): ScalarFunction {
  const divides = op === 'divide' || op === 'remainder' || op === 'div' || op === 'pmod'
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve: (args, name) => resolveArithmetic(op, args, name),
    kernel(args, ctx, call) {
      const [a, b] = args as [never, never]
      const n = ctx.length
      if (hasNullScalar(args)) return nullColumn(call.dataType, n)
      if (isIntervalCall(call)) return intervalArithmetic(op as 'add', args, ctx, call, false)
      if (call.dataType.kind === 'decimal') {
        return decimalArithmetic(op, args, call.args.map(dataTypeOf), call.dataType, n)
      }
      const out = new (arrayTypeFor(call.dataType))(n)
      const left = numbersOfVec(a)
      const right = numbersOfVec(b)
      const loop = op === 'multiply' && call.dataType.kind === 'integer' ? 'multiplyInt' : op
      arithmeticLoops[loop](left, right, out, n)
      let validity = combinedValidity(args, n)
      if (divides) {
        validity =
          typeof right === 'number'
            ? right === 0
              ? new Uint8Array((n + 7) >> 3)
              : validity
            : invalidateWhere(validity, n, (i) => right[i] === 0)
      }
      if (!(out instanceof Float64Array)) return numericColumn(call.dataType, out, validity)
      if (call.dataType.kind === 'long') {
        const exact = exactLongResult(op, args, left, right, out, validity)
        if (exact !== null) return exact
      }
      // Integral results of int64-backed types are whole numbers: the column keeps them, so consumers decode no copy.
      // Products, quotients and remainders can be a negative zero (-3 * 0, -14 % 7), which int64 words cannot hold.
      if (op !== 'add' && op !== 'subtract' && isInt64Backed(call.dataType)) {
        for (let i = 0; i < n; i++) if (out[i] === 0) out[i] = 0
      }
      return numericColumnOwning(call.dataType, out, validity)
    },
  }
}

/** `x * 10^scale` computed on the decimal text of `x`, as Spark rounds `BigDecimal.valueOf(x)`, not the binary value. */
export function shiftDecimal(x: number, scale: number): number {
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string]
  return Number(`${mantissa}e${Number(exponent) + scale}`)
}

/** HALF_UP rounding (Spark's `round`): halves go away from zero. */
export function roundHalfUp(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x
  const shifted = shiftDecimal(Math.abs(x), scale)
  // Shifted past the largest double: x has no digits beyond `scale` to round away.
  if (!Number.isFinite(shifted)) return x
  return Math.sign(x) * shiftDecimal(Math.floor(shifted + 0.5), -scale)
}

/** HALF_EVEN rounding (Spark's `bround`): halves go to the even neighbour. */
function roundHalfEven(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x
  const shifted = shiftDecimal(Math.abs(x), scale)
  if (!Number.isFinite(shifted)) return x
  const floor = Math.floor(shifted)
  const diff = shifted - floor
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor
  return Math.sign(x) * shiftDecimal(rounded, -scale)
}

function rounding(f: (x: number, scale: number) => number, halfEven: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 2],
    resolve(args, name) {
      const coerced = coerceArgs(name, args, ['numeric', INTEGER])
      const scale = args[1]
      if (scale && scale.kind !== 'Literal') {
        // RoundBase.checkInputDataTypes (the parameter really is called "scala" in Spark's message).
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input scala should be a foldable ` +
            `"${sqlTypeName(dataTypeOf(scale))}" expression; however, got "${sqlText(scale)}".`,
          { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
        )
      }
      const input = dataTypeOf(coerced[0]!)
      if (input.kind !== 'decimal') return { args: coerced, dataType: input }
      const digits = scale?.kind === 'Literal' ? Number(scale.value ?? 0) : 0
      return { args: coerced, dataType: roundedDecimalType(input, digits) }
    },
    kernel(args, ctx, call) {
      const scale = args[1] && isScalar(args[1]) ? Number(args[1].value) : 0
      const input = dataTypeOf(call.args[0]!)
      if (input.kind === 'decimal' && call.dataType.kind === 'decimal') {
        return decimalRound(args[0]!, input, scale, halfEven, call.dataType, ctx.length)
      }
      // RoundBase on an integral type with a scale of 0 or more returns its input as it is (exact past 2^53).
      const integral =
        input.kind === 'byte' || input.kind === 'short' || input.kind === 'integer' || input.kind === 'long'
      if (integral && scale >= 0)
        return withValidity(materialize(args[0]!, ctx.length), combinedValidity(args, ctx.length))
      if (input.kind === 'long' && scale < 0) {
        const column = materialize(args[0]!, ctx.length)
        return roundLong(column.values as BigInt64Array, scale, halfEven, combinedValidity(args, ctx.length))
      }
      return numericMap((x) => f(x, scale))(args.slice(0, 1), ctx, call)
    },
  }
}

/** Floor/Ceil: BIGINT, or for DECIMAL(p, s) with s > 0 the integral digits plus one (`DecimalType.bounded`). */
function floorCeilType(args: readonly Expr[]): DataType {
  const t = dataTypeOf(args[0]!)
  if (t.kind !== 'decimal') return LONG
  return t.scale === 0 ? t : boundedDecimal(t.precision - t.scale + 1, 0)
}

/** A UnaryMathExpression: the argument is implicitly cast to DOUBLE (its `inputTypes` is `Seq(DoubleType)`). */
const doubleMath = (f: (x: number) => number) => typed([DOUBLE], DOUBLE, numericMap(f))

/** Math.log that is null (NaN filtered to null by Spark) for non-positive input. */
function logOrNull(f: (x: number) => number): ScalarFunction {
  const base = numericMap(f)
  return typed(
    [DOUBLE],
    DOUBLE,
    (args, ctx, call) => {
      if (hasNullScalar(args)) return nullColumn(DOUBLE, ctx.length)
      const result = base(args, ctx, call) as ReturnType<typeof numericColumn>
      const values = numbersOfVec(args[0]!)
      const validity = invalidateWhere(
        combinedValidity(args, ctx.length),
        ctx.length,
        (i) => (typeof values === 'number' ? values : values[i]!) <= 0,
      )
      return numericColumn(DOUBLE, numbersOfVec(result) as Float64Array, validity)
    },
    { nullable: () => true },
  )
}

/** log(base, x) = ln(x) / ln(base), NULL when either is not positive; log(x) alone is ln(x). */
const logarithm: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    const coerced = coerceArgs(name, args, [DOUBLE, DOUBLE])
    return { args: coerced, dataType: DOUBLE, nullable: true }
  },
  kernel(args, ctx, call) {
    if (args.length === 1) return arithmeticFunctions.ln.kernel(args, ctx, call)
    const n = ctx.length
    if (hasNullScalar(args)) return nullColumn(DOUBLE, n)
    const [base, x] = args.map(numbersOfVec) as [ArrayLike<number> | number, ArrayLike<number> | number]
    const out = new Float64Array(n)
    const invalid: boolean[] = new Array(n)
    for (let i = 0; i < n; i++) {
      const b = typeof base === 'number' ? base : base[i]!
      const v = typeof x === 'number' ? x : x[i]!
      invalid[i] = b <= 0 || v <= 0
      out[i] = Math.log(v) / Math.log(b)
    }
    return numericColumn(
      DOUBLE,
      out,
      invalidateWhere(combinedValidity(args, n), n, (i) => invalid[i]!),
    )
  },
}

/** A sign kernel that works on a decimal's unscaled value (exact at any width) instead of its double. */
function exactForDecimals(op: 'negative' | 'abs', kernel: ScalarFunction['kernel']): ScalarFunction['kernel'] {
  return (args, ctx, call) =>
    call.dataType.kind === 'decimal' && !hasNullScalar(args)
      ? decimalUnary(op, args[0]!, call.dataType, ctx.length)
      : kernel(args, ctx, call)
}

export const arithmeticFunctions = {
  add: binaryArithmetic('add'),
  subtract: binaryArithmetic('subtract'),
  multiply: binaryArithmetic('multiply'),
  divide: binaryArithmetic('divide'),
  remainder: binaryArithmetic('remainder'),
  div: binaryArithmetic('div'),
  pmod: binaryArithmetic('pmod'),
  negative: withIntervalSign(
    typed(
      ['numeric'],
      sameAsFirst,
      exactForDecimals(
        'negative',
        numericMap((x) => -x),
      ),
    ),
    true,
  ),
  positive: withIntervalSign(
    typed(
      ['numeric'],
      sameAsFirst,
      numericMap((x) => x),
    ),
    false,
  ),
  abs: typed(['numeric'], sameAsFirst, exactForDecimals('abs', numericMap(Math.abs))),
  round: rounding(roundHalfUp, false),
  bround: rounding(roundHalfEven, true),
  floor: typed(['numeric'], floorCeilType, numericMap(Math.floor)),
  ceil: typed(['numeric'], floorCeilType, numericMap(Math.ceil)),
  sqrt: doubleMath(Math.sqrt),
  exp: doubleMath(Math.exp),
  ln: logOrNull(Math.log),
  log: logarithm,
  log10: logOrNull(Math.log10),
  log2: logOrNull(Math.log2),
  cbrt: doubleMath(Math.cbrt),
  signum: doubleMath(Math.sign),
  sin: doubleMath(Math.sin),
  cos: doubleMath(Math.cos),
  tan: doubleMath(Math.tan),
  pow: typed([DOUBLE, DOUBLE], DOUBLE, (args, ctx, call) => {
    if (hasNullScalar(args)) return nullColumn(DOUBLE, ctx.length)
    const [a, b] = args.map(numbersOfVec) as [ArrayLike<number> | number, ArrayLike<number> | number]
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      out[i] = (typeof a === 'number' ? a : a[i]!) ** (typeof b === 'number' ? b : b[i]!)
    }
    return numericColumn(call.dataType, out, combinedValidity(args, ctx.length))
  }),
} satisfies Record<string, ScalarFunction>
