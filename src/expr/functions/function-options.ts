// The options argument of from_json/to_json/from_csv/to_csv/schema_of_*: a `map(...)` of string keys and values,
// read at analysis time (Spark's ExprUtils.convertToMapData).
import { AnalysisException } from '../../common/errors.js'
import { sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'

/** The options as a record (keys as written; readers look them up case-insensitively with `optionOf`). */
export function optionsArg(e: Expr | undefined): Readonly<Record<string, string>> {
  if (e === undefined) return {}
  const type = dataTypeOf(e)
  if (e.kind !== 'Fn' || e.name !== 'map') {
    throw new AnalysisException('Must use the `map()` function for options.', {
      errorClass: 'INVALID_OPTIONS.NON_MAP_FUNCTION',
    })
  }
  const stringMap = type.kind === 'map' && type.keyType.kind === 'string' && type.valueType.kind === 'string'
  const values = e.args.map(literalText)
  if (!stringMap || values.some((v) => v === undefined)) {
    throw new AnalysisException(
      `A type of keys and values in \`map()\` must be string, but got "${sqlTypeName(type)}".`,
      { errorClass: 'INVALID_OPTIONS.NON_STRING_TYPE' },
    )
  }
  const options: Record<string, string> = {}
  for (let i = 0; i + 1 < values.length; i += 2) options[values[i]!] = values[i + 1]!
  return options
}

function literalText(e: Expr): string | undefined {
  const inner = e.kind === 'Cast' ? e.child : e
  return inner.kind === 'Literal' && typeof inner.value === 'string' ? inner.value : undefined
}

/** An option by case-insensitive name (Spark's CaseInsensitiveMap). */
export function optionOf(options: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const key of Object.keys(options)) if (key.toLowerCase() === lower) return options[key]
  return undefined
}

/** A boolean option (`'true'` / `'false'`, any case), or its default. */
export function booleanOption(options: Readonly<Record<string, string>>, name: string, fallback: boolean): boolean {
  const value = optionOf(options, name)
  return value === undefined ? fallback : value.trim().toLowerCase() === 'true'
}
