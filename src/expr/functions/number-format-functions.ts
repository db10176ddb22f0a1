// to_number, try_to_number (a string to DECIMAL by a number format) and to_char/to_varchar (a DECIMAL to a string by
// the same format; datetimes by a datetime pattern, binaries as base64, hex or UTF-8), as Spark 4.0 evaluates them.
import { bitAt, DecimalBuilder, decimalTextAt, newBitmap, Utf8Builder } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { DecimalType, STRING, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs, implicitDecimalOf, unexpectedInputType } from './coercion.js'
import { datetimeFunctions } from './datetime.js'
import { stringsOfVec } from './define.js'
import { CharBuffer, formatByModel } from './format-by-model.js'
import { hashingFunctions } from './hashing.js'
import { type NumberFormatModel, numberFormatModel, parseByModel } from './number-format-model.js'
import { radixFunctions } from './radix.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar, materialize, type Vec } from './vector.js'

/** Spark's toSQLValue of a string: single-quoted, with `\` and `'` escaped. */
const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/** The literal value of a foldable format argument (NULL as null); Spark's NON_FOLDABLE_INPUT otherwise. */
function foldedFormat(name: string, args: readonly Expr[]): string | null {
  const format = args[1]!
  const inner = format.kind === 'Cast' ? format.child : format
  if (inner.kind !== 'Literal') {
    const input = `\`${sqlText(format)}\``
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input ${input} should be a foldable "${sqlTypeName(dataTypeOf(format))}" expression; however, got "${sqlText(format)}".`,
      { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
    )
  }
  return inner.value === null ? null : String(inner.value)
}

/** The compiled model of a format literal, with Spark's INVALID_FORMAT error for a bad one. */
function checkedModel(text: string): NumberFormatModel {
  const model = numberFormatModel(text)
  if (model.problem) {
    throw new AnalysisException(`The format is invalid: ${sqlString(model.format)}. ${model.problem.message}`, {
      errorClass: `INVALID_FORMAT.${model.problem.subClass}`,
    })
  }
  if (model.precision > 38) {
    throw new AnalysisException(`Decimal precision ${model.precision} exceeds max precision 38.`, {
      errorClass: 'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
    })
  }
  return model
}

/** The format model of a kernel's (scalar) format argument; null for a NULL format. */
function modelOf(format: Vec): NumberFormatModel | null {
  const value = isScalar(format) ? format.value : null
  return value === null || value === undefined ? null : numberFormatModel(String(value))
}

/** to_number/try_to_number: `errorOnFail` raises INVALID_FORMAT.MISMATCH_INPUT where the try form gives NULL. */
function toNumber(errorOnFail: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve(args, name) {
      const coerced = coerceArgs(name, args, ['string', 'string'])
      const format = foldedFormat(name, coerced)
      const model = format === null ? null : checkedModel(format)
      const dataType = model ? DecimalType(model.precision, model.scale) : DecimalType(10, 0)
      return errorOnFail ? { args: coerced, dataType } : { args: coerced, dataType, nullable: true }
    },
    kernel(args, ctx, call) {
      const n = ctx.length
      const type = call.dataType as DecimalType
      const model = modelOf(args[1]!)
      const valid = model ? combinedValidity(args, n) : newBitmap(n)
      const out = new DecimalBuilder(type, n, valid)
      if (!model) return out.finish()
      const texts = stringsOfVec(args[0]!, n)
      for (let i = 0; i < n; i++) {
        if (valid !== null && !bitAt(valid, i)) continue
        const parsed = parseByModel(model, texts[i]!)
        if (parsed === undefined) {
          if (errorOnFail) {
            throw new IllegalArgumentException(
              `The format is invalid: ${sqlString(model.format)}. The input "STRING" ${sqlString(texts[i]!)} does not match the format.`,
              { errorClass: 'INVALID_FORMAT.MISMATCH_INPUT' },
            )
          }
          out.setNull(i)
        } else if (parsed.digits.length <= 15) {
          const v = Number(parsed.digits)
          out.set(i, parsed.negative ? -v : v)
        } else {
          const v = BigInt(parsed.digits)
          out.setBig(i, parsed.negative ? -v : v)
        }
      }
      return out.finish()
    },
  }
}

const DATETIME_KINDS = ['date', 'timestamp', 'timestamp_ntz']

/** How to_char of a binary prints it, by its (trimmed, case-insensitive) format. */
const BINARY_FORMATS: Readonly<Record<string, ScalarFunction>> = {
  base64: hashingFunctions.base64,
  hex: radixFunctions.hex,
  'utf-8': hashingFunctions.decode,
}

/** The binary format a to_char call names: a foldable, non-NULL string among base64, hex and utf-8. */
function binaryFormat(name: string, args: readonly Expr[]): string {
  const format = args[1]!
  if (format.kind !== 'Literal' || dataTypeOf(format).kind !== 'string') {
    throw new AnalysisException(
      `The function \`${name}\` requires the parameter \`format\` to be a foldable expression of the type "STRING", but the actual argument is a non-foldable.`,
      { errorClass: 'NON_FOLDABLE_ARGUMENT' },
    )
  }
  if (format.value === null) {
    throw new AnalysisException(
      `The value of parameter(s) \`format\` in \`${name}\` is invalid: expects a non-NULL value.`,
      { errorClass: 'INVALID_PARAMETER_VALUE.NULL' },
    )
  }
  const chosen = String(format.value).toLowerCase().trim()
  if (!(chosen in BINARY_FORMATS)) {
    throw new AnalysisException(
      `The value of parameter(s) \`format\` in \`${name}\` is invalid: expects one of binary formats 'base64', 'hex', 'utf-8', but got ${sqlString(chosen)}.`,
      { errorClass: 'INVALID_PARAMETER_VALUE.BINARY_FORMAT' },
    )
  }
  return chosen
}

/** to_char(expr, format): a number by a number format, a datetime by a pattern, a binary as base64/hex/UTF-8. */
const toChar: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const kind = dataTypeOf(args[0]!).kind
    if (DATETIME_KINDS.includes(kind)) return datetimeFunctions.date_format.resolve(args, name)
    if (kind === 'binary') {
      const [input, format] = coerceArgs(name, args, ['any', 'string'])
      const chosen = binaryFormat(name, [input!, format!])
      const resolved = BINARY_FORMATS[chosen]!.resolve(chosen === 'utf-8' ? [input!, format!] : [input!], name)
      return { ...resolved, args: [input!, format!] }
    }
    const target = implicitDecimalOf(dataTypeOf(args[0]!))
    if (!target) throw unexpectedInputType(callText(name, args), 0, DecimalType(10, 0), args[0]!)
    const coerced = coerceArgs(name, args, [target, 'string'])
    const format = foldedFormat(name, coerced)
    if (format !== null) checkedModel(format)
    return { args: coerced, dataType: STRING }
  },
  kernel(args, ctx, call) {
    const type = dataTypeOf(call.args[0]!)
    if (DATETIME_KINDS.includes(type.kind)) return datetimeFunctions.date_format.kernel(args, ctx, call)
    if (type.kind === 'binary') {
      const chosen = String((args[1] as { value: unknown }).value)
        .toLowerCase()
        .trim()
      const inner = BINARY_FORMATS[chosen]!
      const innerArgs = chosen === 'utf-8' ? args : args.slice(0, 1)
      return inner.kernel(innerArgs, ctx, { ...call, args: call.args.slice(0, innerArgs.length) })
    }
    const n = ctx.length
    const model = modelOf(args[1]!)
    const out = new Utf8Builder(n, n * 16)
    if (!model) {
      for (let i = 0; i < n; i++) out.appendNull()
      return out.finish()
    }
    const input = materialize(args[0]!, n)
    const valid = combinedValidity(args, n)
    const scale = type.kind === 'decimal' ? type.scale : 0
    const buffer = new CharBuffer()
    for (let i = 0; i < n; i++) {
      if (valid !== null && !bitAt(valid, i)) out.appendNull()
      else out.append(formatByModel(model, decimalTextAt(input, scale, i), buffer))
    }
    return out.finish()
  },
  display(args, call) {
    const type = dataTypeOf(call.args[0]!)
    if (DATETIME_KINDS.includes(type.kind)) return `date_format(${args.join(', ')})`
    if (type.kind !== 'binary') return `${call.name}(${args.join(', ')})`
    const chosen = String((call.args[1] as { value: unknown }).value)
      .toLowerCase()
      .trim()
    return chosen === 'utf-8' ? `decode(${args.join(', ')})` : `${chosen}(${args[0]})`
  },
}

export const numberFormatModelFunctions = {
  to_number: toNumber(true),
  try_to_number: toNumber(false),
  to_char: toChar,
  to_varchar: toChar,
} satisfies Record<string, ScalarFunction>
