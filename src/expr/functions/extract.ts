import { bitAt, type Column, listColumn, take, validityOf, withValidity } from '../../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { ArrayType, type DataType, INTEGER, STRING, sqlTypeName } from '../../types/data-types.js'
import type { StructField, StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr, literal, nullableOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, castTo, coerceArgs, implicitCast, unexpectedInputType } from './coercion.js'
import { elementsEqual } from './predicates.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar, materialize, numbersOfVec, type Vec, validityOfVec } from './vector.js'

/** A struct's field by name: an exact match first, then a case-insensitive one (Spark's default resolver). */
function findField(type: StructType, name: string): StructField | undefined {
  return (
    type.fields.find((f) => f.name === name) ?? type.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())
  )
}

function fieldNotFound(type: StructType, name: string): AnalysisException {
  return new AnalysisException(
    `No such struct field \`${name}\` in ${type.fields.map((f) => `\`${f.name}\``).join(', ')}.`,
    { errorClass: 'FIELD_NOT_FOUND' },
  )
}

/** ExtractValue.apply: what `child[extraction]` / `child.extraction` means for the child's type. */
function resolveExtract(args: readonly Expr[]) {
  const [child, key] = args as [Expr, Expr]
  const type = dataTypeOf(child)
  const name = key.kind === 'Literal' && typeof key.value === 'string' ? key.value : undefined
  if (type.kind === 'struct' && name !== undefined) {
    const field = findField(type, name)
    if (!field) throw fieldNotFound(type, name)
    return {
      args: [child, literal(field.name, STRING)],
      dataType: field.dataType,
      nullable: nullableOf(child) || field.nullable,
    }
  }
  if (type.kind === 'array' && type.elementType.kind === 'struct' && name !== undefined) {
    const element = type.elementType
    const field = findField(element, name)
    if (!field) throw fieldNotFound(element, name)
    return {
      args: [child, literal(field.name, STRING)],
      dataType: ArrayType(field.dataType, type.containsNull || field.nullable),
      nullable: nullableOf(child),
    }
  }
  if (type.kind === 'array') {
    // GetArrayItem's ordinal is integral (ExpectsInputTypes(AnyDataType, IntegralType)).
    const ordinal = implicitCast(key, INTEGER)
    if (!ordinal) throw unexpectedInputType(callText('get_item', args), 1, 'integral', key)
    return { args: [child, ordinal], dataType: type.elementType, nullable: true }
  }
  if (type.kind === 'map') return { args: [child, castTo(key, type.keyType)], dataType: type.valueType, nullable: true }
  throw new AnalysisException(
    `Can't extract a value from "${sqlText(child)}". Need a complex type [STRUCT, ARRAY, MAP] but got ` +
      `"${sqlTypeName(type)}".`,
    { errorClass: 'INVALID_EXTRACT_BASE_FIELD_TYPE' },
  )
}

/** One value per row, `picks[i]` indexing the container's child (array elements or map values); -1 is NULL. */
function arrayPicks(container: Column, positions: ArrayLike<number> | number, base: 0 | 1): Int32Array {
  const n = container.length
  const offsets = container.valueOffsets as Int32Array
  const valid = validityOf(container)
  const picks = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    if (valid !== null && !bitAt(valid, i)) continue
    const raw = typeof positions === 'number' ? positions : positions[i]!
    if (base === 1 && raw === 0) {
      throw new SparkRuntimeException(
        'The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).',
        { errorClass: 'INVALID_INDEX_OF_ZERO' },
      )
    }
    const length = offsets[i + 1]! - offsets[i]!
    const index = base === 1 ? (raw > 0 ? raw - 1 : length + raw) : raw
    if (index >= 0 && index < length) picks[i] = offsets[i]! + index
  }
  return picks
}

/** The map value whose key equals the row's key (the last such entry), else -1. */
function mapPicks(container: Column, keys: Vec, keyType: DataType): Int32Array {
  const n = container.length
  const offsets = container.valueOffsets as Int32Array
  const valid = validityOf(container)
  const equal = elementsEqual(offsets, n, container.children[0]!.children[0]!, keys, keyType)
  const keysValid = validityOfVec(keys, n)
  const picks = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    if ((valid !== null && !bitAt(valid, i)) || (keysValid !== null && !bitAt(keysValid, i))) continue
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) if (bitAt(equal, j)) picks[i] = j
  }
  return picks
}

function elementKernel(base: 0 | 1): ScalarFunction['kernel'] {
  return (args, ctx, call) => {
    const n = ctx.length
    const type = dataTypeOf(call.args[0]!)
    const container = materialize(args[0]!, n)
    if (type.kind === 'struct') {
      const index = type.fields.findIndex((f) => f.name === (call.args[1] as { value: unknown }).value)
      const child = container.children[index]!
      return validityOf(container) === null ? child : withValidity(child, combinedValidity([container, child], n))
    }
    if (type.kind === 'array' && call.dataType.kind === 'array' && type.elementType.kind === 'struct') {
      // GetArrayStructFields: the same offsets over the chosen field of the element structs.
      const structs = container.children[0]!
      const index = type.elementType.fields.findIndex((f) => f.name === (call.args[1] as { value: unknown }).value)
      const field = structs.children[index]!
      const values =
        validityOf(structs) === null ? field : withValidity(field, combinedValidity([structs, field], field.length))
      return listColumn(call.dataType, container.valueOffsets as Int32Array, values, validityOf(container))
    }
    if (type.kind === 'array') {
      if (isScalar(args[1]!) && args[1].value === null) return take(container.children[0]!, new Int32Array(n).fill(-1))
      const picks = arrayPicks(container, numbersOfVec(args[1]!), base)
      return take(container.children[0]!, picks)
    }
    const keyType = (type as { keyType: DataType }).keyType
    const picks = mapPicks(container, args[1]!, keyType)
    return take(container.children[0]!.children[1]!, picks)
  }
}

/** `arr[i]` (0-based), `map[key]`, `struct[name]`: Column.getItem. */
const getItem: ScalarFunction = { kind: 'scalar', arity: [2, 2], resolve: resolveExtract, kernel: elementKernel(0) }

/** `struct.name`, `arrayOfStructs.name` (and, like Spark, `arr.0` / `map.key`): Column.getField. */
const getField: ScalarFunction = getItem

/** element_at(array, i) with a 1-based (negative: from the end) index, or element_at(map, key). */
const elementAt: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'array' && type.kind !== 'map') coerceArgs(name, args, ['array_or_map'])
    if (type.kind === 'array') {
      return {
        args: [args[0]!, coerceArgs(name, [args[1]!], [INTEGER])[0]!],
        dataType: type.elementType,
        nullable: true,
      }
    }
    const keyType = (type as { keyType: DataType }).keyType
    return {
      args: [args[0]!, castTo(args[1]!, keyType)],
      dataType: (type as { valueType: DataType }).valueType,
      nullable: true,
    }
  },
  kernel: elementKernel(1),
}

export const extractFunctions = {
  get_item: getItem,
  get_field: getField,
  element_at: elementAt,
} satisfies Record<string, ScalarFunction>
