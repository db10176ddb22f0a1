// Logical plan nodes: frozen, `kind`-tagged data; each factory validates its inputs and computes the output once.
import type { RecordBatch } from '../arrow/index.js'
import {
  type Alias,
  type Attribute,
  attribute,
  type Expr,
  type Fn,
  type NamedExpr,
  type SortOrder,
  toAttribute,
} from '../expr/expression.js'
import type { DataType } from '../types/data-types.js'
import { StructType as makeStruct, StructField, type StructType } from '../types/struct-type.js'

interface Node {
  readonly output: readonly Attribute[]
  readonly isStreaming: boolean
}

/** A streaming source as `load()` described it: a format and its options (data, never the source object). */
export interface StreamingRelation extends Node {
  readonly kind: 'StreamingRelation'
  readonly format: string
  /** The options as given (keys compare case-insensitively). */
  readonly options: Readonly<Record<string, string>>
  readonly path?: string
  /** File sources: columns read from `col=value` directories. */
  readonly partitionColumns?: readonly string[]
}

/** What `load()` resolved about a source: the relation's fields and its schema. */
export interface SourceFields {
  readonly format: string
  readonly options: Readonly<Record<string, string>>
  readonly schema: StructType
  readonly path?: string
  readonly partitionColumns?: readonly string[]
}

/** Rows known up front: `createDataFrame`, memory-sink tables, static reads. */
export interface LocalRelation extends Node {
  readonly kind: 'LocalRelation'
  readonly batches: readonly RecordBatch[]
  /** For a static read of files: how to read them again when they change (a stream–static join reads it each batch). */
  readonly files?: StaticFiles
}

/** The files a static read (`spark.read`) read its rows from, described as data. */
export interface StaticFiles {
  readonly format: string
  readonly options: Readonly<Record<string, string>>
  readonly paths: readonly string[]
  /** The schema the files were read with (the relation may keep fewer columns: `columns`). */
  readonly schema: StructType
  /** Positions in `schema` of the relation's columns. */
  readonly columns: readonly number[]
  /** The session confs the read depends on (time zone, corrupt-record column), as they were. */
  readonly conf: Readonly<Record<string, string>>
  /** The listing the batches were read from (paths, sizes, modification times). */
  readonly signature: string
}

export interface Project extends Node {
  readonly kind: 'Project'
  readonly child: LogicalPlan
  readonly projectList: readonly NamedExpr[]
  /** A USING / NATURAL join's projection: the key columns it dropped, reachable only by qualified name (Spark's
   * Project.hiddenOutputTag); never part of `output`. */
  readonly hiddenOutput?: readonly Attribute[]
}

export interface Filter extends Node {
  readonly kind: 'Filter'
  readonly child: LogicalPlan
  readonly condition: Expr
}

/** A generator (explode) applied to each row: the child's columns followed by the generated ones. */
export interface Generate extends Node {
  readonly kind: 'Generate'
  readonly child: LogicalPlan
  readonly generator: Fn
  readonly generatorOutput: readonly Attribute[]
}

/** Grouping analytics (Spark's Expand): each input row once per projection, e.g. once per grouping set with the
 * keys it rolls up set to null and its grouping id; every projection has the output's columns and types. */
export interface Expand extends Node {
  readonly kind: 'Expand'
  readonly child: LogicalPlan
  readonly projections: readonly (readonly Expr[])[]
}

export interface Union extends Node {
  readonly kind: 'Union'
  readonly children: readonly LogicalPlan[]
}

export interface Limit extends Node {
  readonly kind: 'Limit'
  readonly child: LogicalPlan
  readonly limit: number
}

/** `df.alias('t')` / `FROM x AS t`: the same columns, qualified by `alias`. */
export interface SubqueryAlias extends Node {
  readonly kind: 'SubqueryAlias'
  readonly child: LogicalPlan
  readonly alias: string
}

export interface Aggregate extends Node {
  readonly kind: 'Aggregate'
  readonly child: LogicalPlan
  readonly groupingExprs: readonly Expr[]
  readonly aggregateExprs: readonly NamedExpr[]
}

/** `withWatermark(eventTime, delay)`: tracks max event time; the column carries the delay in its metadata. */
export interface EventTimeWatermark extends Node {
  readonly kind: 'EventTimeWatermark'
  readonly child: LogicalPlan
  readonly eventTime: Attribute
  readonly delayMs: number
}

/** dropDuplicates / distinct / dropDuplicatesWithinWatermark. */
export interface Deduplicate extends Node {
  readonly kind: 'Deduplicate'
  readonly child: LogicalPlan
  readonly keys: readonly Attribute[]
  readonly withinWatermark: boolean
}

/** Window functions (ExtractWindowExpressions' node): the child's columns, then one per `Alias(WindowExpr)`; all
 * its expressions share the partition keys and orderings (a projection with several specs stacks several nodes). */
export interface Window extends Node {
  readonly kind: 'Window'
  readonly child: LogicalPlan
  readonly windowExpressions: readonly Alias[]
  readonly partitionSpec: readonly Expr[]
  readonly orderSpec: readonly SortOrder[]
}

export interface Sort extends Node {
  readonly kind: 'Sort'
  readonly child: LogicalPlan
  readonly order: readonly SortOrder[]
}

/** `df.mapInArrow(fn, schema)`: user code over the batches of each partition; `functionId` names it (plans are data). */
export interface MapInArrow extends Node {
  readonly kind: 'MapInArrow'
  readonly child: LogicalPlan
  readonly functionId: string
  readonly functionName: string
}

/** A static DataFrame's rows given as the initial state of a per-key stateful operator, with its grouping columns. */
export interface InitialState {
  readonly batches: readonly RecordBatch[]
  readonly output: readonly Attribute[]
  readonly groupingAttributes: readonly Attribute[]
  /** The columns user code sees. */
  readonly dataAttributes: readonly Attribute[]
}

/** `groupBy(keys).transformWithState(processor, ...)`: the processor is user code, named by `processorId`. */
export interface TransformWithState extends Node {
  readonly kind: 'TransformWithState'
  readonly child: LogicalPlan
  readonly groupingAttributes: readonly Attribute[]
  /** The columns the processor's rows carry. */
  readonly dataAttributes: readonly Attribute[]
  readonly processorId: string
  readonly processorName: string
  readonly timeMode: 'None' | 'ProcessingTime' | 'EventTime'
  readonly operatorOutputMode: 'append' | 'update'
  readonly initialState?: InitialState
}

/** `groupBy(keys).flatMapGroupsWithState(fn, ...)` and `mapGroupsWithState`: `fn` is user code named by id. */
export interface FlatMapGroupsWithState extends Node {
  readonly kind: 'FlatMapGroupsWithState'
  readonly child: LogicalPlan
  readonly groupingAttributes: readonly Attribute[]
  readonly dataAttributes: readonly Attribute[]
  readonly functionId: string
  readonly functionName: string
  readonly stateType: DataType
  readonly operatorOutputMode: 'append' | 'update'
  readonly timeout: 'NoTimeout' | 'ProcessingTimeTimeout' | 'EventTimeTimeout'
  readonly isMapGroupsWithState: boolean
  readonly initialState?: InitialState
}

// ── Joins ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Spark's join types, named as Spark prints them (`Join LeftOuter, ...`, the streaming checker's messages). */
export type JoinType = 'Inner' | 'Cross' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi' | 'LeftAnti'

/** A join strategy hint (`broadcast(df)`, `/*+ BROADCAST(t) *\/`), by Spark's strategy names. */
export type JoinStrategy = 'broadcast' | 'merge' | 'shuffle_hash' | 'shuffle_replicate_nl'

/** The hints of a join's sides, once the optimizer moved them from ResolvedHint nodes into the join. */
export interface JoinHint {
  readonly left?: JoinStrategy
  readonly right?: JoinStrategy
}

/** A join of two plans; `condition` is the ON condition (USING and NATURAL joins are resolved into one). */
export interface Join extends Node {
  readonly kind: 'Join'
  readonly left: LogicalPlan
  readonly right: LogicalPlan
  readonly joinType: JoinType
  readonly condition: Expr | undefined
  readonly hint: JoinHint
}

/** A strategy hint on a plan, until the optimizer moves it into the join above (Spark's ResolvedHint). */
export interface ResolvedHint extends Node {
  readonly kind: 'ResolvedHint'
  readonly child: LogicalPlan
  readonly strategy: JoinStrategy
}

export type LogicalPlan =
  | StreamingRelation
  | LocalRelation
  | Project
  | Filter
  | Generate
  | Expand
  | Union
  | Limit
  | SubqueryAlias
  | Aggregate
  | EventTimeWatermark
  | Deduplicate
  | Sort
  | Window
  | MapInArrow
  | TransformWithState
  | FlatMapGroupsWithState
  | Join
  | ResolvedHint

export type PlanKind = LogicalPlan['kind']

const freeze = <T>(node: T): T => Object.freeze(node)

/** Fresh attributes for a schema (a new relation's columns). */
export function attributesFor(schema: StructType): Attribute[] {
  return schema.fields.map((f) => attribute(f.name, f.dataType, f.nullable, f.metadata))
}

/** The schema of a list of attributes. */
export function schemaOf(output: readonly Attribute[]): StructType {
  return makeStruct(output.map((a) => StructField(a.name, a.dataType, a.nullable, a.metadata)))
}

export const streamingRelation = ({ schema, ...fields }: SourceFields): StreamingRelation =>
  freeze({ kind: 'StreamingRelation', ...fields, output: attributesFor(schema), isStreaming: true })

export const localRelation = (
  output: readonly Attribute[],
  batches: readonly RecordBatch[],
  files?: StaticFiles,
): LocalRelation =>
  freeze(
    files === undefined
      ? { kind: 'LocalRelation', batches, output, isStreaming: false }
      : { kind: 'LocalRelation', batches, output, isStreaming: false, files },
  )

export const project = (
  child: LogicalPlan,
  projectList: readonly NamedExpr[],
  hiddenOutput?: readonly Attribute[],
): Project => {
  const node = {
    kind: 'Project',
    child,
    projectList,
    output: projectList.map(toAttribute),
    isStreaming: child.isStreaming,
  }
  return freeze(hiddenOutput === undefined ? (node as Project) : { ...(node as Project), hiddenOutput })
}

export const filter = (child: LogicalPlan, condition: Expr): Filter =>
  freeze({ kind: 'Filter', child, condition, output: child.output, isStreaming: child.isStreaming })

export function generate(child: LogicalPlan, generator: Fn, generatorOutput: readonly Attribute[]): Generate {
  const output = [...child.output, ...generatorOutput]
  return freeze({ kind: 'Generate', child, generator, generatorOutput, output, isStreaming: child.isStreaming })
}

export const expand = (
  child: LogicalPlan,
  projections: readonly (readonly Expr[])[],
  output: readonly Attribute[],
): Expand => freeze({ kind: 'Expand', child, projections, output, isStreaming: child.isStreaming })

/** Union by position; the output takes the first child's columns, nullable if any input's column is. */
export function union(children: readonly LogicalPlan[]): Union {
  const first = children[0]!
  const output = first.output.map((a, i) =>
    children.some((c) => c.output[i]!.nullable) && !a.nullable
      ? attribute(a.name, a.dataType, true, a.metadata, a.qualifier, a.id)
      : a,
  )
  return freeze({ kind: 'Union', children, output, isStreaming: children.some((c) => c.isStreaming) })
}

export const limit = (child: LogicalPlan, n: number): Limit =>
  freeze({ kind: 'Limit', child, limit: n, output: child.output, isStreaming: child.isStreaming })

export function subqueryAlias(child: LogicalPlan, alias: string): SubqueryAlias {
  const output = child.output.map((a) => attribute(a.name, a.dataType, a.nullable, a.metadata, [alias], a.id))
  return freeze({ kind: 'SubqueryAlias', child, alias, output, isStreaming: child.isStreaming })
}

export const aggregate = (
  child: LogicalPlan,
  groupingExprs: readonly Expr[],
  aggregateExprs: readonly NamedExpr[],
): Aggregate =>
  freeze({
    kind: 'Aggregate',
    child,
    groupingExprs,
    aggregateExprs,
    output: aggregateExprs.map(toAttribute),
    isStreaming: child.isStreaming,
  })

/** Metadata key Spark uses for the watermark delay of an event-time column. */
export const WATERMARK_DELAY_KEY = 'spark.watermarkDelayMs'

export function eventTimeWatermark(child: LogicalPlan, eventTime: Attribute, delayMs: number): EventTimeWatermark {
  const output = child.output.map((a) =>
    a.id === eventTime.id
      ? attribute(a.name, a.dataType, a.nullable, { ...a.metadata, [WATERMARK_DELAY_KEY]: delayMs }, a.qualifier, a.id)
      : a.metadata[WATERMARK_DELAY_KEY] !== undefined
        ? attribute(a.name, a.dataType, a.nullable, withoutKey(a.metadata, WATERMARK_DELAY_KEY), a.qualifier, a.id)
        : a,
  )
  return freeze({ kind: 'EventTimeWatermark', child, eventTime, delayMs, output, isStreaming: child.isStreaming })
}

function withoutKey(metadata: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  const { [key]: _removed, ...rest } = metadata
  return rest
}

export const deduplicate = (child: LogicalPlan, keys: readonly Attribute[], withinWatermark: boolean): Deduplicate =>
  freeze({ kind: 'Deduplicate', child, keys, withinWatermark, output: child.output, isStreaming: child.isStreaming })

export const sort = (child: LogicalPlan, order: readonly SortOrder[]): Sort =>
  freeze({ kind: 'Sort', child, order, output: child.output, isStreaming: child.isStreaming })

export const window = (
  child: LogicalPlan,
  windowExpressions: readonly Alias[],
  partitionSpec: readonly Expr[],
  orderSpec: readonly SortOrder[],
): Window =>
  freeze({
    kind: 'Window',
    child,
    windowExpressions,
    partitionSpec,
    orderSpec,
    output: [...child.output, ...windowExpressions.map(toAttribute)],
    isStreaming: child.isStreaming,
  })

/** Attributes of a side whose rows may come without a match: the same columns, nullable. */
const asNullable = (output: readonly Attribute[]): Attribute[] =>
  output.map((a) => (a.nullable ? a : attribute(a.name, a.dataType, true, a.metadata, a.qualifier, a.id)))

/** The output of a join: both sides (the side that may lack a match nullable), or the left side for semi/anti. */
export function joinOutput(left: LogicalPlan, right: LogicalPlan, joinType: JoinType): Attribute[] {
  switch (joinType) {
    case 'LeftSemi':
    case 'LeftAnti':
      return [...left.output]
    case 'LeftOuter':
      return [...left.output, ...asNullable(right.output)]
    case 'RightOuter':
      return [...asNullable(left.output), ...right.output]
    case 'FullOuter':
      return [...asNullable(left.output), ...asNullable(right.output)]
    default:
      return [...left.output, ...right.output]
  }
}

export const join = (
  left: LogicalPlan,
  right: LogicalPlan,
  joinType: JoinType,
  condition: Expr | undefined,
  hint: JoinHint = {},
): Join =>
  freeze({
    kind: 'Join',
    left,
    right,
    joinType,
    condition,
    hint,
    output: joinOutput(left, right, joinType),
    isStreaming: left.isStreaming || right.isStreaming,
  })

export const resolvedHint = (child: LogicalPlan, strategy: JoinStrategy): ResolvedHint =>
  freeze({ kind: 'ResolvedHint', child, strategy, output: child.output, isStreaming: child.isStreaming })

/** The watermark delay an attribute carries, if it is an event-time column. */
export function watermarkDelayOf(a: Attribute): number | undefined {
  const delay = a.metadata[WATERMARK_DELAY_KEY]
  return typeof delay === 'number' ? delay : undefined
}

export const mapInArrow = (
  child: LogicalPlan,
  functionId: string,
  functionName: string,
  output: readonly Attribute[],
): MapInArrow => freeze({ kind: 'MapInArrow', child, functionId, functionName, output, isStreaming: child.isStreaming })

export const transformWithState = (
  child: LogicalPlan,
  fields: Omit<TransformWithState, 'kind' | 'child' | 'isStreaming'>,
): TransformWithState => freeze({ kind: 'TransformWithState', child, ...fields, isStreaming: child.isStreaming })

export const flatMapGroupsWithState = (
  child: LogicalPlan,
  fields: Omit<FlatMapGroupsWithState, 'kind' | 'child' | 'isStreaming'>,
): FlatMapGroupsWithState =>
  freeze({ kind: 'FlatMapGroupsWithState', child, ...fields, isStreaming: child.isStreaming })
