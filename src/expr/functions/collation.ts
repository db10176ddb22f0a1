// collate(str, name) and collation(str): Rivulet's strings compare by their UTF-8 bytes, Spark's UTF8_BINARY
// collation, which is the only one they can take; Spark's other collations are named in the error.
import { AnalysisException } from '../../common/errors.js'
import { STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { coerceArgs } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { Scalar } from './vector.js'

export const DEFAULT_COLLATION = 'UTF8_BINARY'

/** Collations Spark 4.0 knows besides UTF8_BINARY (ICU locales with modifiers are also accepted there). */
const SPARK_COLLATIONS = /^(UTF8_LCASE|UTF8_BINARY_RTRIM|UTF8_LCASE_RTRIM|UNICODE(_[A-Z_]+)?|[A-Z]{2,3}(_[A-Z]{2,4})*)$/

/** Checks a collation name: UTF8_BINARY (any case); Spark's others are unsupported, anything else invalid. */
export function checkCollation(name: string): void {
  const upper = name.toUpperCase()
  if (upper === DEFAULT_COLLATION) return
  if (SPARK_COLLATIONS.test(upper)) {
    throw new AnalysisException(
      `The feature is not supported: collation ${name}; Rivulet compares strings by their bytes (UTF8_BINARY) only.`,
      { errorClass: 'UNSUPPORTED_FEATURE.COLLATION' },
    )
  }
  throw new AnalysisException(
    `The value ${name} does not represent a correct collation name. Suggested valid collation names: [${DEFAULT_COLLATION}].`,
    { errorClass: 'COLLATION_INVALID_NAME' },
  )
}

/** collate(str, 'UTF8_BINARY'): the string itself; the name must be a constant. */
const collate: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const [input] = coerceArgs(name, [args[0]!], ['string'])
    const collation = args[1]!
    if (collation.kind !== 'Literal' || dataTypeOf(collation).kind !== 'string' || collation.value === null) {
      throw new AnalysisException(
        `Cannot resolve "${name}(${sqlText(args[0]!)}, ${sqlText(collation)})": the collation name must be a string literal.`,
        { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
      )
    }
    checkCollation(String(collation.value))
    return { args: [input!, collation], dataType: STRING }
  },
  kernel: (args) => args[0]!,
}

/** collation(str): the collation of the string, fully qualified ('SYSTEM.BUILTIN.UTF8_BINARY'). */
const collation: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve: (args, name) => ({ args: coerceArgs(name, args, ['string']), dataType: STRING, nullable: false }),
  kernel: () => new Scalar(`SYSTEM.BUILTIN.${DEFAULT_COLLATION}`, STRING),
}

export const collationFunctions = { collate, collation } satisfies Record<string, ScalarFunction>
