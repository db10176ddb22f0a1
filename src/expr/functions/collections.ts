// Arrays, maps and structs: array(), struct(), size, element_at, [index], .field, array_contains, explode.
import { makeData, type Struct } from 'apache-arrow'
import {
  bitAt,
  boolColumn,
  type Column,
  concatColumns,
  newBitmap,
  nullColumn,
  numericColumn,
  structColumn,
  take,
  toArrowType,
  validityOf,
  valueAt,
  withValidity,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  INTEGER,
  type MapType,
  STRING,
  sqlTypeName,
} from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr, nullableOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { castTo, coerceArgs, coerceToCommonType } from './coercion.js'
import { validityFromFlags } from './define.js'
import type { GeneratedColumn, GeneratorFunction, ScalarFunction } from './spec.js'
import { combinedValidity, materialize, numbersOfVec } from './vector.js'

/** The name a struct() field takes from its argument: an alias, a column name, or `col<n>`. */
function fieldName(arg: Expr, index: number): string {
  if (arg.kind === 'Alias' || arg.kind === 'Attribute') return arg.name
  if (arg.kind === 'Fn' && arg.name === 'get_field') return String((arg.args[1] as { value: unknown }).value)
  return `col${index + 1}`
}

const struct: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve: (args) => ({
    args,
    dataType: StructType(args.map((a, i) => StructField(fieldName(a, i), dataTypeOf(a), nullableOf(a)))),
    nullable: false,
  }),
  kernel(args, ctx, call) {
    const columns = args.map((a) => materialize(a, ctx.length))
    return structColumn(toArrowType(call.dataType) as Struct, columns, ctx.length)
  },
}

const namedStruct: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args) {
    if (args.length % 2 !== 0) throw new AnalysisException('named_struct expects an even number of arguments.')
    const fields: StructField[] = []
    const values: Expr[] = []
    for (let i = 0; i < args.length; i += 2) {
      const name = args[i]!
      if (name.kind !== 'Literal' || typeof name.value !== 'string') {
        throw new AnalysisException(
          `Only foldable string expressions are allowed to appear at odd position, got: ${sqlText(name)}`,
        )
      }
      fields.push(StructField(name.value, dataTypeOf(args[i + 1]!), nullableOf(args[i + 1]!)))
      values.push(args[i]!, args[i + 1]!)
    }
    return { args: values, dataType: StructType(fields), nullable: false }
  },
  kernel: (args, ctx, call) =>
    structColumn(
      toArrowType(call.dataType) as Struct,
      args.filter((_, i) => i % 2 === 1).map((a) => materialize(a, ctx.length)),
      ctx.length,
    ),
}

/** array(a, b, ...): row i holds [a_i, b_i, ...]. */
const array: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    if (args.length === 0) return { args, dataType: ArrayType(STRING, false), nullable: false }
    const { args: coerced, type } = coerceToCommonType(name, args)
    return { args: coerced, dataType: ArrayType(type, coerced.some(nullableOf)), nullable: false }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const k = args.length
    const elementType = (call.dataType as { elementType: DataType }).elementType
    const all = k === 0 ? nullColumn(elementType, 0) : concatColumns(args.map((a) => materialize(a, n)))
    const indices = new Int32Array(n * k)
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) indices[i * k + j] = j * n + i
    const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i * k)
    return makeData({
      type: toArrowType(call.dataType),
      length: n,
      nullCount: 0,
      valueOffsets: offsets,
      child: take(all, indices),
    } as never)
  },
}

/** The type `arr[i]` / `map[key]` / `element_at` returns. */
function itemType(container: DataType): DataType {
  if (container.kind === 'array') return container.elementType
  if (container.kind === 'map') return container.valueType
  throw new AnalysisException(`Can't extract value from ${sqlTypeName(container)}: need an array or a map.`)
}

/** Looks up one element per row: array position (0-based after `base` is applied) or map key; missing → null. */
function elementKernel(base: number): ScalarFunction['kernel'] {
  return (args, ctx, call) => {
    const n = ctx.length
    const containerType = dataTypeOf(call.args[0]!)
    const container = materialize(args[0]!, n)
    const offsets = container.valueOffsets as Int32Array
    const containerValid = validityOf(container)
    const picks = new Int32Array(n).fill(-1)
    if (containerType.kind === 'array') {
      const positions = numbersOfVec(args[1]!)
      for (let i = 0; i < n; i++) {
        if (containerValid !== null && !bitAt(containerValid, i)) continue
        const raw = typeof positions === 'number' ? positions : positions[i]!
        if (base === 1 && raw === 0)
          throw new AnalysisException(
            'The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).',
            { errorClass: 'INVALID_INDEX_OF_ZERO' },
          )
        const length = offsets[i + 1]! - offsets[i]!
        const index = base === 1 ? (raw > 0 ? raw - 1 : length + raw) : raw
        if (index >= 0 && index < length) picks[i] = offsets[i]! + index
      }
      return takeOrNull(container.children[0]!, picks, itemType(containerType))
    }
    const keyType = (containerType as { keyType: DataType }).keyType
    const entries = container.children[0]!
    const keys = materialize(args[1]!, n)
    for (let i = 0; i < n; i++) {
      if (containerValid !== null && !bitAt(containerValid, i)) continue
      const wanted = JSON.stringify(valueAt(keys, keyType, i))
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (JSON.stringify(valueAt(entries.children[0]!, keyType, j)) === wanted) picks[i] = j
      }
    }
    return takeOrNull(entries.children[1]!, picks, itemType(containerType))
  }
}

/** take() where -1 means null. */
function takeOrNull(column: Column, picks: Int32Array, type: DataType): Column {
  const withNull = concatColumns([column, nullColumn(type, 1)])
  return take(
    withNull,
    picks.map((p) => (p < 0 ? column.length : p)),
  )
}

function elementAccess(base: number): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [2, 2],
    resolve(args, name) {
      const container = dataTypeOf(args[0]!)
      const type = itemType(container)
      const key =
        container.kind === 'array'
          ? coerceArgs(name, [args[1]!], [INTEGER])[0]!
          : castTo(args[1]!, (container as { keyType: DataType }).keyType)
      return { args: [args[0]!, key], dataType: type, nullable: true }
    },
    kernel: elementKernel(base),
  }
}

/** struct.field: the child column, null where the struct is null. */
const getField: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args) {
    const type = dataTypeOf(args[0]!)
    const name = args[1]!.kind === 'Literal' ? String(args[1]!.value) : ''
    if (type.kind !== 'struct')
      throw new AnalysisException(
        `Can't extract value from ${sqlText(args[0]!)}: need struct type but got ${sqlTypeName(type).toLowerCase()}.`,
        { errorClass: 'INVALID_EXTRACT_BASE_FIELD_TYPE' },
      )
    const field =
      type.fields.find((f) => f.name === name) ?? type.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())
    if (!field) {
      throw new AnalysisException(
        `No such struct field \`${name}\` in ${type.fields.map((f) => `\`${f.name}\``).join(', ')}.`,
        { errorClass: 'FIELD_NOT_FOUND' },
      )
    }
    return {
      args: [args[0]!, { kind: 'Literal', value: field.name, dataType: STRING }],
      dataType: field.dataType,
      nullable: nullableOf(args[0]!) || field.nullable,
    }
  },
  kernel(args, ctx, call) {
    const structType = dataTypeOf(call.args[0]!) as StructType
    const parent = materialize(args[0]!, ctx.length)
    const index = structType.fields.findIndex((f) => f.name === (call.args[1] as { value: unknown }).value)
    const child = parent.children[index]!
    return validityOf(parent) === null ? child : withValidity(child, combinedValidity([parent, child], ctx.length))
  },
}

/** size(array|map): element count; -1 for null (Spark's legacy default). */
const size: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'array' && type.kind !== 'map') coerceArgs(name, args, ['array'])
    return { args, dataType: INTEGER, nullable: false }
  },
  kernel(args, ctx) {
    const column = materialize(args[0]!, ctx.length)
    const offsets = column.valueOffsets as Int32Array
    const validity = validityOf(column)
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++)
      out[i] = validity !== null && !bitAt(validity, i) ? -1 : offsets[i + 1]! - offsets[i]!
    return numericColumn(INTEGER, out, null, 0)
  },
}

const arrayContains: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'array') coerceArgs(name, args, ['array'])
    return { args: [args[0]!, castTo(args[1]!, (type as { elementType: DataType }).elementType)], dataType: BOOLEAN }
  },
  kernel(args, ctx, call) {
    const type = dataTypeOf(call.args[0]!) as { elementType: DataType }
    const column = materialize(args[0]!, ctx.length)
    const values = materialize(args[1]!, ctx.length)
    const offsets = column.valueOffsets as Int32Array
    const bits = newBitmap(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const wanted = JSON.stringify(valueAt(values, type.elementType, i))
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (JSON.stringify(valueAt(column.children[0]!, type.elementType, j)) === wanted) bits[i >> 3]! |= 1 << (i & 7)
      }
    }
    return boolColumn(bits, ctx.length, combinedValidity(args, ctx.length))
  },
}

/** explode / explode_outer / posexplode / posexplode_outer over arrays and maps. */
function explode(outer: boolean, withPosition: boolean): GeneratorFunction {
  return {
    kind: 'generator',
    arity: [1, 1],
    outer,
    resolve(args, name) {
      const type = dataTypeOf(args[0]!)
      if (type.kind !== 'array' && type.kind !== 'map') {
        throw new AnalysisException(
          `Cannot resolve "${name}(${sqlText(args[0]!)})" due to data type mismatch: Parameter 1 requires the ("ARRAY" or "MAP") type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(type)}".`,
          { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
        )
      }
      const output: GeneratedColumn[] = withPosition ? [{ name: 'pos', dataType: INTEGER, nullable: outer }] : []
      if (type.kind === 'array')
        output.push({ name: 'col', dataType: type.elementType, nullable: type.containsNull || outer })
      else {
        output.push({ name: 'key', dataType: type.keyType, nullable: outer })
        output.push({ name: 'value', dataType: type.valueType, nullable: type.valueContainsNull || outer })
      }
      return { args, dataType: type, output }
    },
    kernel(args, ctx, call) {
      const type = dataTypeOf(call.args[0]!) as ArrayType | MapType
      return explodeColumn(materialize(args[0]!, ctx.length), type, outer, withPosition)
    },
  }
}

/** One output row per element (plus a null row per empty or null input when `outer`). */
function explodeColumn(column: Column, type: ArrayType | MapType, outer: boolean, withPosition: boolean) {
  const n = column.length
  const offsets = column.valueOffsets as Int32Array
  const validity = validityOf(column)
  const elements = column.children[0]!
  const split = (values: Column) => (type.kind === 'map' ? [values.children[0]!, values.children[1]!] : [values])
  // Fast path: no outer rows and the elements form one contiguous run, so the element column is the output as is.
  if (!outer && !withPosition && validity === null && offsets[0] === 0 && offsets[n] === elements.length) {
    const parentRows = new Int32Array(elements.length)
    for (let i = 0; i < n; i++) parentRows.fill(i, offsets[i]!, offsets[i + 1]!)
    return { parentRows, columns: split(elements) }
  }
  const parentRows: number[] = []
  const picks: number[] = []
  const positions: number[] = []
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!
    const end = validity !== null && !bitAt(validity, i) ? start : offsets[i + 1]!
    for (let j = start; j < end; j++) {
      parentRows.push(i)
      picks.push(j)
      positions.push(j - start)
    }
    if (outer && end === start) {
      parentRows.push(i)
      picks.push(-1)
      positions.push(-1)
    }
  }
  const entryType =
    type.kind === 'map'
      ? StructType([StructField('key', type.keyType, false), StructField('value', type.valueType)])
      : type.elementType
  const columns = split(takeOrNull(elements, Int32Array.from(picks), entryType))
  if (withPosition) {
    const valid = positions.map((p) => p >= 0)
    columns.unshift(
      numericColumn(
        INTEGER,
        Int32Array.from(positions, (p) => Math.max(p, 0)),
        validityFromFlags(valid),
      ),
    )
  }
  return { parentRows: Int32Array.from(parentRows), columns }
}

/** map_keys / map_values: the entries' key or value column under the map's offsets. */
function mapPart(part: 0 | 1): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 1],
    resolve(args, name) {
      const type = dataTypeOf(coerceArgs(name, args, ['map'])[0]!) as MapType
      return {
        args,
        dataType: part === 0 ? ArrayType(type.keyType, false) : ArrayType(type.valueType, type.valueContainsNull),
      }
    },
    kernel(args, ctx, call) {
      const map = materialize(args[0]!, ctx.length)
      const child = map.children[0]!.children[part]!
      const { nullCount, nullBitmap, valueOffsets } = map
      return makeData({
        type: toArrowType(call.dataType),
        length: map.length,
        nullCount,
        nullBitmap,
        valueOffsets,
        child,
      } as never)
    },
  }
}

export const collectionFunctions = {
  struct,
  named_struct: namedStruct,
  array,
  get_item: elementAccess(0),
  element_at: elementAccess(1),
  get_field: getField,
  size,
  array_contains: arrayContains,
  map_keys: mapPart(0),
  map_values: mapPart(1),
} satisfies Record<string, ScalarFunction>

export const generatorFunctions = {
  explode: explode(false, false),
  explode_outer: explode(true, false),
  posexplode: explode(false, true),
  posexplode_outer: explode(true, true),
} satisfies Record<string, GeneratorFunction>
