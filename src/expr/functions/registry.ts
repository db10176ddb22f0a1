// The built-in function registry: every function by Spark's name (case-insensitive), with Spark's aliases.

import { own } from '../../common/own.js'
import { setDisplayRules } from '../sql-text.js'
import { userFunctionSpec } from '../udf-kernels.js'
import { lookupUserFunction } from '../user-functions.js'
import { aesFunctions } from './aes.js'
import { arithmeticFunctions } from './arithmetic.js'
import { arrayOpFunctions } from './array-ops.js'
import { arraySortFunctions } from './array-sort.js'
import { arrayFunctions } from './arrays.js'
import { bitmapFunctions } from './bitmap.js'
import { bitFunctions, bitwiseFunctions } from './bitwise.js'
import { calendarFunctions } from './calendar.js'
import { castFunctions } from './cast-functions.js'
import { ceilFloorFunctions } from './ceil-floor.js'
import { collationFunctions } from './collation.js'
import { collectionFunctions, generatorFunctions } from './collections.js'
import { conditionalFunctions } from './conditional.js'
import { csvFunctions } from './csv.js'
import { dateFunctions } from './date-functions.js'
import { datePartFunctions } from './date-part.js'
import { datetimeFunctions } from './datetime.js'
import { datetimeConstructorFunctions } from './datetime-constructors.js'
import { extractFunctions } from './extract.js'
import { formatFunctions } from './format.js'
import { groupingFunctions } from './grouping.js'
import { hashingFunctions } from './hashing.js'
import { type HigherOrder, higherOrderFunctions } from './higher-order.js'
import { higherOrderMapFunctions } from './higher-order-maps.js'
import { jsonFunctions } from './json.js'
import { jsonShapeFunctions } from './json-shape.js'
import { jsonTuple } from './json-tuple.js'
import { mapOpFunctions } from './map-ops.js'
import { mapZipWithFunctions } from './map-zip-with.js'
import { mathFunctions } from './math.js'
import { numberFormatFunctions } from './number-format.js'
import { numberFormatModelFunctions } from './number-format-functions.js'
import { padFunctions } from './pad.js'
import { partitionInfoFunctions } from './partition-info.js'
import { partitionTransformFunctions } from './partition-transforms.js'
import { predicateFunctions } from './predicates.js'
import { radixFunctions } from './radix.js'
import { randomFunctions } from './random.js'
import { randomValueFunctions } from './random-values.js'
import { regexpSearchFunctions } from './regexp-search.js'
import { sequenceFunctions } from './sequence.js'
import { sessionInfoFunctions } from './session-info.js'
import type { GeneratorFunction, ScalarFunction } from './spec.js'
import { stringPartFunctions } from './string-parts.js'
import { stringFunctions } from './strings.js'
import { tableGeneratorFunctions } from './table-generators.js'
import { textMaskFunctions } from './text-masks.js'
import { toDatetimeFunctions } from './to-datetime.js'
import { tryArithmeticFunctions } from './try-arithmetic.js'
import { typeofFunction } from './type-of.js'
import { urlFunctions } from './url.js'
import { utf8ByteFunctions } from './utf8-bytes.js'
import { uuidFunctions } from './uuid.js'
import { windowExpand } from './windows.js'
import { xmlFunctions } from './xml/xml-functions.js'
import { xpathFunctions } from './xpath/xpath.js'
import { xxhash64Functions } from './xxhash64.js'

export const scalarFunctions: Readonly<Record<string, ScalarFunction>> = {
  ...arithmeticFunctions,
  ...ceilFloorFunctions,
  ...tryArithmeticFunctions,
  ...bitwiseFunctions,
  ...bitFunctions,
  ...mathFunctions,
  ...randomFunctions,
  ...uuidFunctions,
  ...radixFunctions,
  ...predicateFunctions,
  ...stringFunctions,
  ...padFunctions,
  ...stringPartFunctions,
  ...regexpSearchFunctions,
  ...datetimeFunctions,
  ...toDatetimeFunctions,
  ...calendarFunctions,
  ...dateFunctions,
  ...datePartFunctions,
  ...castFunctions,
  ...collectionFunctions,
  ...arrayFunctions,
  ...arrayOpFunctions,
  ...mapOpFunctions,
  // Same expressions under another name, which Spark keeps in the column name (try_element_at is element_at when
  // ANSI mode is off; cardinality is size).
  try_element_at: extractFunctions.element_at,
  cardinality: collectionFunctions.size,
  ...conditionalFunctions,
  ...hashingFunctions,
  ...formatFunctions,
  ...jsonFunctions,
  ...jsonShapeFunctions,
  ...urlFunctions,
  ...sessionInfoFunctions,
  typeof: typeofFunction,
  ...groupingFunctions,
  ...higherOrderFunctions,
  ...higherOrderMapFunctions,
  ...partitionInfoFunctions,
  ...randomValueFunctions,
  ...numberFormatFunctions,
  ...utf8ByteFunctions,
  ...collationFunctions,
  ...textMaskFunctions,
  ...xxhash64Functions,
  ...arraySortFunctions,
  ...mapZipWithFunctions,
  ...sequenceFunctions,
  ...aesFunctions,
  ...bitmapFunctions,
  ...partitionTransformFunctions,
  ...xpathFunctions,
  ...csvFunctions,
  ...datetimeConstructorFunctions,
  ...xmlFunctions,
  ...numberFormatModelFunctions,
  // Aliases Spark keeps in the column name (FunctionRegistry's setAlias: the FUNC_ALIAS tag).
  substr: stringFunctions.substring,
  position: stringFunctions.locate,
  regexp: { ...predicateFunctions.rlike, display: (args) => `REGEXP(${args.join(', ')})` },
  regexp_like: { ...predicateFunctions.rlike, display: (args) => `REGEXP_LIKE(${args.join(', ')})` },
}

setDisplayRules((name) => own(scalarFunctions, name)?.display)

export const generators: Readonly<Record<string, GeneratorFunction>> = {
  ...generatorFunctions,
  window_expand: windowExpand,
  ...tableGeneratorFunctions,
  json_tuple: jsonTuple,
}

/** Other names Spark accepts for the same function. */
const aliases: Readonly<Record<string, string>> = {
  ucase: 'upper',
  lcase: 'lower',
  char_length: 'length',
  character_length: 'length',
  len: 'length',
  day: 'dayofmonth',
  mod: 'remainder',
  power: 'pow',
  ceiling: 'ceil',
  sign: 'signum',
  equal_null: 'eq_null_safe',
  isnull: 'is_null',
  isnotnull: 'is_not_null',
}

/** The canonical registry name for a (case-insensitive) function name. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase()
  return own(aliases, lower) ?? lower
}

export type FunctionLookup =
  | { readonly kind: 'scalar'; readonly name: string; readonly spec: ScalarFunction }
  | { readonly kind: 'generator'; readonly name: string; readonly spec: GeneratorFunction }

/** Finds a scalar function or generator by name; aggregates are looked up in their own registry. */
export function lookupFunction(name: string): FunctionLookup | undefined {
  // User-defined functions (udf(), spark.udf.register) come first: a registered name shadows a built-in, as in Spark.
  const user = lookupUserFunction(name)
  if (user) return { kind: 'scalar', name: user.name, spec: userFunctionSpec(user) }
  const canonical = canonicalName(name)
  const scalar = own(scalarFunctions, canonical)
  if (scalar) return { kind: 'scalar', name: canonical, spec: scalar }
  const generator = own(generators, canonical)
  if (generator) return { kind: 'generator', name: canonical, spec: generator }
  return undefined
}

/** Every function name the registry knows (for "did you mean" suggestions and SHOW FUNCTIONS). */
export function functionNames(): string[] {
  return [...Object.keys(scalarFunctions), ...Object.keys(generators), ...Object.keys(aliases)]
    .filter((name) => !name.includes(' ')) // internal helpers (EXTRACT's fields) are not functions to call
    .sort()
}

/** The lambda parameters of a higher-order function (transform, filter, ...), or undefined for other functions. */
export function higherOrderOf(name: string): HigherOrder | undefined {
  const spec = scalarFunctions[canonicalName(name)] as Partial<HigherOrder> | undefined
  return spec?.lambdaParams ? (spec as HigherOrder) : undefined
}
