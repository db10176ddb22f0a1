// Math functions over doubles: trigonometry and its inverses, hyperbolics, degrees/radians, expm1/log1p, rint,
// hypot/atan2, the constants e() and pi(), and factorial. Each is a typed-array loop over the double argument(s).
import { newBitmap, nullColumn, numericColumn, setBit } from '../../arrow/index.js'
import { DOUBLE, INTEGER, LONG } from '../../types/data-types.js'
import { numbersOver, numericMap, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, hasNullScalar, invalidateWhere } from './vector.js'

/** A UnaryMathExpression: the argument is cast to DOUBLE; Spark names the column by its upper-case Java name. */
function unary(upperName: string, f: (x: number) => number): ScalarFunction {
  return { ...typed([DOUBLE], DOUBLE, numericMap(f)), display: (args) => `${upperName}(${args.join(', ')})` }
}

/** A UnaryLogExpression: NULL (not NaN or -Infinity) where the input is at or below the asymptote. */
function unaryLog(upperName: string, f: (x: number) => number, asymptote: number): ScalarFunction {
  const base = unary(upperName, f)
  return {
    ...base,
    resolve: (args, name) => ({ ...base.resolve(args, name), nullable: true }),
    kernel(args, ctx, call) {
      if (hasNullScalar(args)) return nullColumn(DOUBLE, ctx.length)
      const n = ctx.length
      const x = numbersOver(args[0]!, n)
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = f(x[i]!)
      return numericColumn(
        call.dataType,
        out,
        invalidateWhere(combinedValidity(args, n), n, (i) => x[i]! <= asymptote),
      )
    },
  }
}

/** A BinaryMathExpression over two doubles. */
function binary(upperName: string, f: (a: number, b: number) => number): ScalarFunction {
  return {
    ...typed([DOUBLE, DOUBLE], DOUBLE, (args, ctx, call) => {
      const n = ctx.length
      if (hasNullScalar(args)) return nullColumn(DOUBLE, n)
      const a = numbersOver(args[0]!, n)
      const b = numbersOver(args[1]!, n)
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!)
      return numericColumn(call.dataType, out, combinedValidity(args, n))
    }),
    display: (args) => `${upperName}(${args.join(', ')})`,
  }
}

/** A LeafMathExpression: a constant double (`E()`, `PI()`). */
function constant(upperName: string, value: number): ScalarFunction {
  return {
    ...typed([], DOUBLE, (_args, ctx) => numericColumn(DOUBLE, new Float64Array(ctx.length).fill(value), null, 0), {
      nullable: () => false,
    }),
    display: () => `${upperName}()`,
  }
}

/** Java's Math.rint: the nearest integer, halves to the even one. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x
  const floor = Math.floor(x)
  const diff = x - floor
  const r = diff < 0.5 ? floor : diff > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1
  return r === 0 && x < 0 ? -0 : r
}

const factorials = Float64Array.from({ length: 21 }, (_, n) => {
  let f = 1
  for (let k = 2; k <= n; k++) f *= k
  return f
})

/** factorial(n) for n in [0, 20] as BIGINT (20! < 2^63, and every one of them is exact in a double); NULL outside. */
const factorial = typed(
  [INTEGER],
  LONG,
  (args, ctx, call) => {
    const n = ctx.length
    if (hasNullScalar(args)) return nullColumn(LONG, n)
    const x = numbersOver(args[0]!, n)
    const out = new Float64Array(n)
    const valid = combinedValidity(args, n)
    const bits = newBitmap(n)
    for (let i = 0; i < n; i++) {
      const v = x[i]!
      if (v >= 0 && v <= 20 && (valid === null || ((valid[i >> 3]! >> (i & 7)) & 1) === 1)) {
        out[i] = factorials[v]!
        setBit(bits, i)
      }
    }
    return numericColumn(call.dataType, out, bits)
  },
  { nullable: () => true },
)

export const mathFunctions = {
  acos: unary('ACOS', Math.acos),
  asin: unary('ASIN', Math.asin),
  atan: unary('ATAN', Math.atan),
  acosh: unary('ACOSH', Math.acosh),
  asinh: unary('ASINH', Math.asinh),
  atanh: unary('ATANH', Math.atanh),
  cosh: unary('COSH', Math.cosh),
  sinh: unary('SINH', Math.sinh),
  tanh: unary('TANH', Math.tanh),
  cot: unary('COT', (x) => 1 / Math.tan(x)),
  csc: unary('CSC', (x) => 1 / Math.sin(x)),
  sec: unary('SEC', (x) => 1 / Math.cos(x)),
  degrees: unary('DEGREES', (x) => (x * 180) / Math.PI),
  radians: unary('RADIANS', (x) => (x / 180) * Math.PI),
  expm1: unary('EXPM1', Math.expm1),
  rint: unary('ROUND', rint),
  log1p: unaryLog('LOG1P', Math.log1p, -1),
  atan2: binary('ATAN2', Math.atan2),
  hypot: binary('HYPOT', Math.hypot),
  e: constant('E', Math.E),
  pi: constant('PI', Math.PI),
  factorial,
} satisfies Record<string, ScalarFunction>
