// GroupedData (`df.groupBy(...)`): aggregations over groups; outputs are the grouping columns then the aggregates.
import { buildAggregate } from '../analyzer/aggregate-builder.js'
import { buildGroupingSets, cubeSets, rollupSets } from '../analyzer/grouping-analytics.js'
import { buildPivot } from '../analyzer/pivot.js'
import { checkInitialState, keyedChild, operatorOutputMode } from '../analyzer/stateful-processing.js'
import type { Row } from '../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { registerUserCode } from '../common/user-code.js'
import { type Attribute, call, type Expr, literal } from '../expr/expression.js'
import {
  attributesFor,
  flatMapGroupsWithState,
  type InitialState,
  type LogicalPlan,
  transformWithState,
} from '../logical/plan.js'
import type { GroupState, GroupStateTimeout } from '../operators/group-state.js'
import type {
  InputRows,
  ProcessorLike,
  StateSchema,
  TimeMode,
} from '../operators/transform-with-state/processor-api.js'
import { unknownTimeMode } from '../operators/transform-with-state/processor-errors.js'
import { schemaType } from '../operators/transform-with-state/state-codec.js'
import { isNumeric } from '../types/data-types.js'
import { parseSchemaString } from '../types/ddl.js'
import type { StructType } from '../types/struct-type.js'
import { Column, columnArg, literalExpr } from './column.js'
import { DataFrame } from './data-frame.js'
import { constantText, distinctValues } from './pivot-values.js'

/** `transformWithState`'s settings (PySpark's outputStructType, outputMode, timeMode, initialState). */
export interface TransformWithStateOptions {
  /** The schema of the rows the processor emits (a StructType or DDL string). */
  readonly outputSchema: StructType | string
  /** `append` or `update`. */
  readonly outputMode: string
  /** `None`, `ProcessingTime` or `EventTime` (case-insensitive). */
  readonly timeMode: TimeMode | string
  /** A static DataFrame grouped like the input: handleInitialState gets its rows in the first batch. */
  readonly initialState?: GroupedData
}

const TIME_MODES: Record<string, TimeMode> = {
  none: 'None',
  processingtime: 'ProcessingTime',
  eventtime: 'EventTime',
}

/** flatMapGroupsWithState's and mapGroupsWithState's settings. */
export interface GroupsWithStateOptions {
  /** The schema of the rows the function emits (a StructType or DDL string). */
  readonly outputSchema: StructType | string
  /** The state's schema: a struct (the state is an object) or any other type (a plain value). */
  readonly stateSchema: StateSchema
  /** `NoTimeout` (default), `ProcessingTimeTimeout` or `EventTimeTimeout`. */
  readonly timeout?: GroupStateTimeout | string
  /** A static DataFrame grouped like the input, one row per key: the keys' state before the first batch. */
  readonly initialState?: GroupedData
}

/** flatMapGroupsWithState's function: the key, its rows and its state; returns (or yields) output rows. */
export type FlatMapGroupsWithStateFunction<S = Row> = (
  key: readonly unknown[],
  rows: InputRows<Row>,
  state: GroupState<S>,
) => Iterable<Row> | AsyncIterable<Row> | Promise<Iterable<Row> | undefined> | undefined

/** mapGroupsWithState's function: one output row per call. */
export type MapGroupsWithStateFunction<S = Row> = (
  key: readonly unknown[],
  rows: InputRows<Row>,
  state: GroupState<S>,
) => Row | Promise<Row>

const TIMEOUTS: Record<string, GroupStateTimeout> = {
  notimeout: 'NoTimeout',
  processingtimetimeout: 'ProcessingTimeTimeout',
  eventtimetimeout: 'EventTimeTimeout',
}

function timeoutOf(timeout: string | undefined): GroupStateTimeout {
  const found = TIMEOUTS[(timeout ?? 'NoTimeout').toLowerCase()]
  if (found) return found
  throw new IllegalArgumentException(
    `Invalid timeout configuration ${timeout}: use 'NoTimeout', 'ProcessingTimeTimeout' or 'EventTimeTimeout'`,
  )
}

/** How a GroupedData groups (Spark's RelationalGroupedDataset.GroupType). */
export type GroupType =
  | { readonly kind: 'groupBy' }
  | { readonly kind: 'rollup' }
  | { readonly kind: 'cube' }
  | { readonly kind: 'pivot'; readonly pivotColumn: Expr; readonly values: readonly Expr[] }

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly groupingExprs: readonly Expr[],
    private readonly groupType: GroupType = { kind: 'groupBy' },
  ) {}

  /**
   * One column per value of `pivotColumn` (and per aggregate when several): `groupBy('year').pivot('course',
   * ['dotNET', 'Java']).sum('earnings')`. Without `values` (batch only) they are the column's distinct values, sorted.
   */
  pivot(pivotColumn: Column | string, values?: readonly unknown[]): GroupedData {
    if (this.groupType.kind !== 'groupBy') {
      throw new IllegalArgumentException(
        this.groupType.kind === 'pivot'
          ? 'Repeated pivots are not supported.'
          : `pivot is only supported after a groupBy, not after ${this.groupType.kind}.`,
      )
    }
    const column = columnArg(pivotColumn)
    const given = values ?? distinctValues(this.df, column)
    return new GroupedData(this.df, this.groupingExprs, {
      kind: 'pivot',
      pivotColumn: column,
      values: given.map((v) => (v instanceof Column ? v.expr : literalExpr(v))),
    })
  }

  /**
   * Runs a StatefulProcessor over each key's rows with state variables, timers and TTL (Spark 4's
   * transformWithState); the result has `outputSchema`.
   */
  transformWithState(processor: ProcessorLike, options: TransformWithStateOptions): DataFrame {
    const timeMode = TIME_MODES[String(options.timeMode).toLowerCase()]
    if (!timeMode) throw unknownTimeMode(String(options.timeMode))
    const outputMode = operatorOutputMode(options.outputMode, 'transformWithState')
    const keyed = keyedChild(this.df.plan, this.groupingExprs)
    const schema =
      typeof options.outputSchema === 'string' ? parseSchemaString(options.outputSchema) : options.outputSchema
    return new DataFrame(
      this.df.sparkSession,
      transformWithState(keyed.plan, {
        groupingAttributes: keyed.groupingAttributes,
        dataAttributes: keyed.dataAttributes,
        processorId: registerUserCode('statefulProcessor', processor),
        processorName: processor.constructor?.name ?? 'StatefulProcessor',
        timeMode,
        operatorOutputMode: outputMode,
        output: attributesFor(schema),
        ...(options.initialState
          ? { initialState: options.initialState.initialState(keyed.groupingAttributes, 'transformWithState') }
          : {}),
      }),
    )
  }

  /**
   * Calls `func` once per key per batch with the key's rows and its GroupState, and on timeouts (Spark's
   * flatMapGroupsWithState; `outputMode` is the operator's own, `append` or `update`).
   */
  flatMapGroupsWithState<S = Row>(
    func: FlatMapGroupsWithStateFunction<S>,
    options: GroupsWithStateOptions & { readonly outputMode: string },
  ): DataFrame {
    return this.groupsWithState(func, options, operatorOutputMode(options.outputMode, 'flatMapGroupsWithState'), false)
  }

  /** The same with one output row per call (Spark's mapGroupsWithState; the query must run in update mode). */
  mapGroupsWithState<S = Row>(func: MapGroupsWithStateFunction<S>, options: GroupsWithStateOptions): DataFrame {
    return this.groupsWithState(func, options, 'update', true)
  }

  private groupsWithState(
    func: (...args: never[]) => unknown,
    options: GroupsWithStateOptions,
    outputMode: 'append' | 'update',
    isMapGroupsWithState: boolean,
  ): DataFrame {
    const keyed = keyedChild(this.df.plan, this.groupingExprs)
    const schema =
      typeof options.outputSchema === 'string' ? parseSchemaString(options.outputSchema) : options.outputSchema
    const operation = isMapGroupsWithState ? 'mapGroupsWithState' : 'flatMapGroupsWithState'
    return new DataFrame(
      this.df.sparkSession,
      flatMapGroupsWithState(keyed.plan, {
        groupingAttributes: keyed.groupingAttributes,
        dataAttributes: keyed.dataAttributes,
        functionId: registerUserCode(operation, func),
        functionName: func.name === '' ? operation : func.name,
        stateType: schemaType(options.stateSchema),
        operatorOutputMode: outputMode,
        timeout: timeoutOf(options.timeout),
        isMapGroupsWithState,
        output: attributesFor(schema),
        ...(options.initialState
          ? {
              initialState: options.initialState.initialState(keyed.groupingAttributes, '[flatMap|map]GroupsWithState'),
            }
          : {}),
      }),
    )
  }

  /** This grouped static DataFrame as the initial state of a per-key operator grouped by `groupingAttributes`. */
  private initialState(groupingAttributes: readonly Attribute[], operation: string): InitialState {
    const keyed = keyedChild(this.df.plan, this.groupingExprs)
    checkInitialState(keyed, groupingAttributes, operation)
    const batch = new DataFrame(this.df.sparkSession, keyed.plan).toArrow()
    return {
      batches: [batch],
      output: keyed.plan.output,
      groupingAttributes: keyed.groupingAttributes,
      dataAttributes: keyed.dataAttributes,
    }
  }

  /** Aggregates by columns (`agg(count('*'), max('x'))`) or by a `{ column: 'function' }` record. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const aggregates = exprs.flatMap((e): Expr[] =>
      e instanceof Column
        ? [e.expr]
        : Object.entries(e).map(([name, fn]) => call(fn === 'mean' ? 'avg' : fn, [columnArg(name)])),
    )
    if (aggregates.length === 0) throw new AnalysisException('agg() requires at least one aggregate expression')
    return new DataFrame(this.df.sparkSession, this.aggregatePlan(aggregates))
  }

  private aggregatePlan(aggregates: readonly Expr[]): LogicalPlan {
    const { plan } = this.df
    const keys = this.groupingExprs
    const singletons = keys.map((k) => [k])
    switch (this.groupType.kind) {
      case 'groupBy':
        return buildAggregate(plan, keys, [...keys, ...aggregates])
      case 'rollup':
        return buildGroupingSets(plan, keys, rollupSets(singletons), [...keys, ...aggregates])
      case 'cube':
        return buildGroupingSets(plan, keys, cubeSets(singletons), [...keys, ...aggregates])
      case 'pivot': {
        const { pivotColumn, values } = this.groupType
        const spec = { groupBy: keys, pivotColumn, values: values.map((value) => ({ value })), aggregates }
        return buildPivot(plan, spec, (e) => constantText(this.df, e))
      }
    }
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.agg(new Column(call('count', [literal(1, { kind: 'integer' })])).alias('count'))
  }

  sum(...cols: string[]): DataFrame {
    return this.numeric('sum', cols)
  }

  avg(...cols: string[]): DataFrame {
    return this.numeric('avg', cols)
  }

  mean(...cols: string[]): DataFrame {
    return this.numeric('avg', cols)
  }

  min(...cols: string[]): DataFrame {
    return this.numeric('min', cols)
  }

  max(...cols: string[]): DataFrame {
    return this.numeric('max', cols)
  }

  /** One aggregate per named column, or per numeric column when none are named (PySpark's behaviour). */
  private numeric(fn: string, cols: readonly string[]): DataFrame {
    const names = cols.length > 0 ? cols : this.df.plan.output.filter((a) => isNumeric(a.dataType)).map((a) => a.name)
    for (const name of cols) {
      const attr = this.df.plan.output.find((a) => a.name === name)
      if (attr && !isNumeric(attr.dataType)) {
        throw new AnalysisException(
          `"${name}" is not a numeric column. Aggregation function can only be applied on a numeric column.`,
        )
      }
    }
    return this.agg(...names.map((name) => new Column(call(fn, [columnArg(name)]))))
  }
}
