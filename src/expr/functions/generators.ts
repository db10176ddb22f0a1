// Generators: explode / explode_outer / posexplode / posexplode_outer, one output row per array element or map entry.
import { allValidBitmap, bitAt, type Column, numericColumn, take, validityOf } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type ArrayType, INTEGER, type MapType, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import type { GeneratedColumn, GeneratorFunction } from './spec.js'
import { materialize } from './vector.js'

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
  // Each input row gives its elements, or (when `outer`) one row of nulls if it is null or empty.
  const endOf = (i: number) => (validity !== null && !bitAt(validity, i) ? offsets[i]! : offsets[i + 1]!)
  let total = 0
  for (let i = 0; i < n; i++) {
    const count = endOf(i) - offsets[i]!
    total += count === 0 && outer ? 1 : count
  }
  const parentRows = new Int32Array(total)
  const picks = new Int32Array(total)
  const positions = new Int32Array(total)
  let positionValidity: Uint8Array | null = null
  let k = 0
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!
    const end = endOf(i)
    for (let j = start; j < end; j++, k++) {
      parentRows[k] = i
      picks[k] = j
      positions[k] = j - start
    }
    if (outer && end === start) {
      parentRows[k] = i
      picks[k] = -1
      positionValidity ??= allValidBitmap(total)
      positionValidity[k >> 3]! &= ~(1 << (k & 7))
      k++
    }
  }
  const columns = split(take(elements, picks))
  if (withPosition) columns.unshift(numericColumn(INTEGER, positions, positionValidity))
  return { parentRows, columns }
}

export const generatorFunctions = {
  explode: explode(false, false),
  explode_outer: explode(true, false),
  posexplode: explode(false, true),
  posexplode_outer: explode(true, true),
} satisfies Record<string, GeneratorFunction>
