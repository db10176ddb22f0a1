// Generators that make rows of several columns: inline / inline_outer (one row per struct of an array, one column
// per field) and stack(n, v1, ..., vk) (each input row as n rows of ceil(k / n) columns).
import { bitAt, type Column, concatColumns, nullColumn, take, validityOf } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, INTEGER, NULL, sameType, sqlTypeName } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr, nullableOf } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, castTo } from './coercion.js'
import type { GeneratedColumn, GeneratorFunction } from './spec.js'
import { materialize } from './vector.js'

/** inline(array<struct>) / inline_outer: the fields of each struct as columns; a NULL struct gives a row of NULLs. */
function inline(outer: boolean): GeneratorFunction {
  return {
    kind: 'generator',
    arity: [1, 1],
    outer,
    resolve(args, name) {
      const type = dataTypeOf(args[0]!)
      if (type.kind !== 'array' || type.elementType.kind !== 'struct') {
        throw new AnalysisException(
          `Cannot resolve "${name}(${sqlText(args[0]!)})" due to data type mismatch: Parameter 1 requires the "ARRAY<STRUCT>" type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(type)}".`,
          { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
        )
      }
      const struct = type.elementType as StructType
      const output: GeneratedColumn[] = struct.fields.map((f) => ({
        name: f.name,
        dataType: f.dataType,
        nullable: true,
      }))
      return { args, dataType: type, output }
    },
    kernel(args, ctx) {
      const list = materialize(args[0]!, ctx.length)
      const offsets = list.valueOffsets as Int32Array
      const valid = validityOf(list)
      const structs = list.children[0]!
      const structValid = validityOf(structs)
      const parents: number[] = []
      const picks: number[] = []
      for (let i = 0; i < ctx.length; i++) {
        const start = offsets[i]!
        const end = valid !== null && !bitAt(valid, i) ? start : offsets[i + 1]!
        for (let j = start; j < end; j++) {
          parents.push(i)
          picks.push(structValid !== null && !bitAt(structValid, j) ? -1 : j)
        }
        if (outer && end === start) {
          parents.push(i)
          picks.push(-1)
        }
      }
      const indices = Int32Array.from(picks)
      return { parentRows: Int32Array.from(parents), columns: structs.children.map((field) => take(field, indices)) }
    },
  }
}

function stackMismatch(name: string, args: readonly Expr[], detail: string, errorClass: string) {
  return new AnalysisException(`Cannot resolve "${callText(name, args)}" due to data type mismatch: ${detail}`, {
    errorClass,
  })
}

/** stack(n, v1, ..., vk): value j goes to row j / width, column j % width; missing values are NULL. */
const stack: GeneratorFunction = {
  kind: 'generator',
  arity: [2, Number.POSITIVE_INFINITY],
  outer: false,
  resolve(args, name) {
    const first = args[0]!
    if (first.kind !== 'Literal' || dataTypeOf(first).kind !== 'integer' || first.value === null) {
      throw stackMismatch(
        name,
        args,
        `The first parameter requires the "INT" type, however "${sqlText(first)}" has the type "${sqlTypeName(dataTypeOf(first))}".`,
        'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
      )
    }
    const rows = Number(first.value)
    if (rows <= 0) {
      throw stackMismatch(
        name,
        args,
        `The value of parameter(s) \`n\` in \`${name}\` is invalid: must be a positive integer, but got ${rows}.`,
        'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE',
      )
    }
    const values = args.slice(1)
    const width = Math.ceil(values.length / rows)
    const types: DataType[] = []
    const coerced = [...values]
    for (let col = 0; col < width; col++) {
      const cells = values.map((v, j) => [v, j] as const).filter(([, j]) => j % width === col)
      const nonNull = cells.map(([v]) => dataTypeOf(v)).filter((t) => t.kind !== 'null')
      // Spark casts only NULLs (StackCoercion): every other value of a column must have the column's type.
      const common = nonNull[0] ?? NULL
      if (nonNull.some((t) => !sameType(t, common, true))) {
        throw stackMismatch(
          name,
          args,
          `The data type of the column (${col}) do not have the same type: ${cells.map(([v]) => `"${sqlTypeName(dataTypeOf(v))}"`).join(' <> ')}.`,
          'DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES',
        )
      }
      types.push(common)
      for (const [v, j] of cells) coerced[j] = castTo(v, common)
    }
    const output: GeneratedColumn[] = types.map((t, col) => ({
      name: `col${col}`,
      dataType: t,
      nullable: coerced.some((v, j) => j % width === col && nullableOf(v)) || values.length < rows * width,
    }))
    return { args: [first, ...coerced], dataType: INTEGER, output }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const rows = Number((call.args[0] as { value: unknown }).value)
    const values = args.slice(1).map((v) => materialize(v, n))
    const width = Math.ceil(values.length / rows)
    const parentRows = new Int32Array(n * rows)
    for (let i = 0; i < n; i++) parentRows.fill(i, i * rows, (i + 1) * rows)
    const columns: Column[] = []
    for (let col = 0; col < width; col++) {
      const type = dataTypeOf(call.args[1 + col]!)
      // Output row i * rows + r reads value (r * width + col) of input row i: one concatenation, one gather.
      const parts = Array.from({ length: rows }, (_, r) => values[r * width + col] ?? nullColumn(type, n))
      const all = concatColumns(parts)
      const indices = new Int32Array(n * rows)
      for (let i = 0; i < n; i++) for (let r = 0; r < rows; r++) indices[i * rows + r] = r * n + i
      columns.push(take(all, indices))
    }
    return { parentRows, columns }
  },
}

export const tableGeneratorFunctions = {
  inline: inline(false),
  inline_outer: inline(true),
  stack,
} satisfies Record<string, GeneratorFunction>
