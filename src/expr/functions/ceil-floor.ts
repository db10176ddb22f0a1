// ceil/floor with an optional scale: one argument keeps the integral Ceil/Floor, two become Spark's RoundCeil/RoundFloor
// (a DECIMAL rounded up or down to `scale` digits; a negative scale rounds left of the point).
import { nullColumn, numericColumn } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, DecimalType, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { arithmeticFunctions, shiftDecimal } from './arithmetic.js'
import { callText, castTo, implicitDecimalOf } from './coercion.js'
import { numbersOver } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, hasNullScalar, invalidateWhere } from './vector.js'

/** RoundCeil/RoundFloor's result type: one more integral digit, and at most `scale` fraction digits. */
function scaledType(p: number, s: number, scale: number): DataType {
  const integralDigits = p - s + 1
  if (scale < 0) return DecimalType(Math.min(Math.max(integralDigits, -scale + 1), 38), 0)
  const newScale = Math.min(s, scale)
  return DecimalType(Math.min(integralDigits + newScale, 38), newScale)
}

function scaleOf(name: string, scale: Expr): number {
  // CeilFloorExpressionBuilderBase: the scale must be a non-NULL INT literal.
  if (scale.kind !== 'Literal' || dataTypeOf(scale).kind !== 'integer' || scale.value === null) {
    throw new AnalysisException(`The 'scale' parameter of function '${name}' needs to be a int literal.`, {
      errorClass: '_LEGACY_ERROR_TEMP_1100',
    })
  }
  return Number(scale.value)
}

function withScale(name: 'ceil' | 'floor', round: (x: number) => number): ScalarFunction {
  const integral = arithmeticFunctions[name]
  return {
    kind: 'scalar',
    arity: [1, 2],
    // Ceil/Floor print CEIL(x)/FLOOR(x); RoundCeil/RoundFloor print ceil(x, s)/floor(x, s).
    display: (args) => `${args.length === 2 ? name : name.toUpperCase()}(${args.join(', ')})`,
    resolve(args, called) {
      if (args.length === 1) return integral.resolve(args, called)
      const scale = scaleOf(name, args[1]!)
      const from = dataTypeOf(args[0]!)
      const decimal = implicitDecimalOf(from)
      if (decimal === undefined) {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the "DECIMAL" ` +
            `type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(from)}".`,
          { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
        )
      }
      const child = from.kind === 'decimal' ? args[0]! : castTo(args[0]!, decimal)
      return {
        args: [child, args[1]!],
        dataType: scaledType(decimal.precision, decimal.scale, scale),
        nullable: true,
      }
    },
    kernel(args, ctx, call) {
      if (args.length === 1) return integral.kernel(args, ctx, call)
      const n = ctx.length
      if (hasNullScalar(args)) return nullColumn(call.dataType, n)
      const scale = Math.max(Number((call.args[1] as { value: unknown }).value), -38)
      const type = call.dataType as { precision: number; scale: number }
      const limit = 10 ** (type.precision - type.scale)
      const x = numbersOver(args[0]!, n)
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = shiftDecimal(round(shiftDecimal(x[i]!, scale)), -scale)
      // A result with more integral digits than the type holds overflows to NULL (Spark's toPrecision, non-ANSI).
      const valid = invalidateWhere(combinedValidity(args, n), n, (i) => Math.abs(out[i]!) >= limit)
      for (let i = 0; i < n; i++) if (out[i] === 0) out[i] = 0
      return numericColumn(call.dataType, out, valid)
    },
  }
}

/** ceil(x[, scale]) and floor(x[, scale]); `ceiling` is an alias of ceil. */
export const ceilFloorFunctions = {
  ceil: withScale('ceil', Math.ceil),
  floor: withScale('floor', Math.floor),
} satisfies Record<string, ScalarFunction>
