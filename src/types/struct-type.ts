// StructType and StructField: a schema as an ordered list of named, typed, nullable fields.
import { AnalysisException } from '../common/errors.js'
import type { DataType } from './data-types.js'
import { simpleString, typeName } from './data-types.js'

export type FieldMetadata = Readonly<Record<string, unknown>>

export interface StructField {
  readonly name: string
  readonly dataType: DataType
  readonly nullable: boolean
  readonly metadata: FieldMetadata
}

/** PySpark's `StructField(name, dataType, nullable=True, metadata=None)`. */
export function StructField(
  name: string,
  dataType: DataType,
  nullable = true,
  metadata: FieldMetadata = {},
): StructField {
  return Object.freeze({ name, dataType, nullable, metadata })
}

export interface StructType {
  readonly kind: 'struct'
  readonly fields: readonly StructField[]
  /** A new struct with one more field (PySpark's `add`). */
  add(name: string, dataType: DataType, nullable?: boolean): StructType
  fieldNames(): string[]
  field(name: string): StructField
  simpleString(): string
  /** The `printSchema` tree. */
  treeString(): string
}

class StructTypeValue implements StructType {
  readonly kind = 'struct' as const

  constructor(readonly fields: readonly StructField[]) {
    Object.freeze(this)
  }

  add(name: string, dataType: DataType, nullable = true): StructType {
    return new StructTypeValue([...this.fields, StructField(name, dataType, nullable)])
  }

  fieldNames(): string[] {
    return this.fields.map((f) => f.name)
  }

  field(name: string): StructField {
    const found = this.fields.find((f) => f.name === name)
    if (!found) throw new AnalysisException(`Field name "${name}" does not exist.`)
    return found
  }

  simpleString(): string {
    return simpleString(this)
  }

  treeString(): string {
    return schemaTreeString(this)
  }

  toString(): string {
    return `StructType(${this.fields.map((f) => `StructField('${f.name}', ${simpleString(f.dataType)}, ${f.nullable})`).join(', ')})`
  }
}

/** PySpark's `StructType(fields)`. */
export function StructType(fields: readonly StructField[] = []): StructType {
  return new StructTypeValue(Object.freeze([...fields]))
}

/** Spark's `printSchema` tree: `root`, then ` |-- name: type (nullable = true)` lines, nested types indented. */
export function schemaTreeString(schema: StructType): string {
  const lines = ['root']
  const visit = (type: DataType, prefix: string): void => {
    if (type.kind === 'struct') {
      for (const f of type.fields) {
        lines.push(`${prefix}-- ${f.name}: ${typeName(f.dataType)} (nullable = ${f.nullable})`)
        visit(f.dataType, `${prefix}    |`)
      }
    } else if (type.kind === 'array') {
      lines.push(`${prefix}-- element: ${typeName(type.elementType)} (containsNull = ${type.containsNull})`)
      visit(type.elementType, `${prefix}    |`)
    } else if (type.kind === 'map') {
      lines.push(`${prefix}-- key: ${typeName(type.keyType)}`)
      visit(type.keyType, `${prefix}    |`)
      lines.push(`${prefix}-- value: ${typeName(type.valueType)} (valueContainsNull = ${type.valueContainsNull})`)
      visit(type.valueType, `${prefix}    |`)
    }
  }
  visit(schema, ' |')
  return `${lines.join('\n')}\n`
}
