// Type coercion of a long IN list of literals (InSet): the value and the listed values meet at their wider type, as
// Spark's InConversion coerces an IN list, without turning the list back into a node per value.
import { type Attribute, call, dataTypeOf, type Expr, type ExprOf, inSet } from '../expr/expression.js'
import { castTo, widerType } from '../expr/functions/coercion.js'
import { asElementType, literalSetExprs } from '../expr/literal-set.js'
import { type DataType, STRING } from '../types/data-types.js'

type Resolve = (e: Expr, input: readonly Attribute[]) => Expr

/**
 * Types whose values `numbersOf` reads exactly enough to compare with listed integers without a cast: integers,
 * doubles, and decimals short enough that no fraction rounds to an integer.
 */
function readsAsNumbers(type: DataType): boolean {
  if (type.kind === 'decimal') return type.precision <= 15
  return type.kind === 'byte' || type.kind === 'short' || type.kind === 'integer' || type.kind === 'long'
    ? true
    : type.kind === 'double'
}

/**
 * Resolves the value, then: a string comparison casts the value to STRING (numbers in the list become their text);
 * a numeric one compares the value's numbers with the list's. Anything else (a FLOAT value, a wide decimal, types
 * with no common type) takes the general IN path over one literal per value, which also gives Spark's type error.
 */
export function resolveInSet(e: ExprOf<'InSet'>, input: readonly Attribute[], resolve: Resolve): Expr {
  const child = resolve(e.child, input)
  const childType = dataTypeOf(child)
  const common = widerType(childType, e.set.elementType)
  if (common?.kind === 'string') return inSet(castTo(child, STRING), asElementType(e.set, STRING))
  if (common && e.set.kind === 'numbers' && readsAsNumbers(common)) {
    const value = readsAsNumbers(childType) ? child : castTo(child, common)
    return inSet(value, asElementType(e.set, common))
  }
  return resolve(call('in', [child, ...literalSetExprs(e.set)]), input)
}
