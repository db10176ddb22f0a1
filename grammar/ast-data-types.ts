// The data type nodes of the syntax tree, as written in CAST, `::` and DDL schema strings.
import type { Loc } from './ast.js'
import type { IntervalUnitName } from './ast-expressions.js'

export type DataTypeAst = PrimitiveTypeAst | ArrayTypeAst | MapTypeAst | StructTypeAst | IntervalTypeAst

/** A named type with optional integer parameters: `int`, `decimal(10, 2)`, `varchar(20)`. The name is lower-cased
 * but not checked or canonicalised (`long` stays `long`); the binder maps Spark's aliases. */
export interface PrimitiveTypeAst {
  readonly kind: 'PrimitiveType'
  readonly name: string
  readonly params: readonly number[]
  readonly loc: Loc
}

export interface ArrayTypeAst {
  readonly kind: 'ArrayType'
  readonly elementType: DataTypeAst
  readonly loc: Loc
}

export interface MapTypeAst {
  readonly kind: 'MapType'
  readonly keyType: DataTypeAst
  readonly valueType: DataTypeAst
  readonly loc: Loc
}

export interface StructTypeAst {
  readonly kind: 'StructType'
  readonly fields: readonly ColumnDefinitionAst[]
  readonly loc: Loc
}

/** `INTERVAL` alone (Spark's calendar interval), or `INTERVAL DAY TO SECOND`, `INTERVAL YEAR`, … */
export interface IntervalTypeAst {
  readonly kind: 'IntervalType'
  readonly from?: IntervalUnitName
  readonly to?: IntervalUnitName
  readonly loc: Loc
}

/** A struct field or a table column: `name [:] type [NOT NULL] [COMMENT 'text']`. */
export interface ColumnDefinitionAst {
  readonly kind: 'ColumnDefinition'
  readonly name: string
  readonly dataType: DataTypeAst
  readonly nullable: boolean
  readonly comment?: string
  readonly loc: Loc
}
