// GroupedData (`df.groupBy(...)`): aggregations over groups; outputs are the grouping columns then the aggregates.
import { buildAggregate } from '../analyzer/aggregate-builder.js'
import { AnalysisException } from '../common/errors.js'
import { call, type Expr, literal } from '../expr/expression.js'
import { isNumeric } from '../types/data-types.js'
import { Column, columnArg } from './column.js'
import { DataFrame } from './data-frame.js'

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly groupingExprs: readonly Expr[],
  ) {}

  /** Aggregates by columns (`agg(count('*'), max('x'))`) or by a `{ column: 'function' }` record. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const aggregates = exprs.flatMap((e): Expr[] =>
      e instanceof Column
        ? [e.expr]
        : Object.entries(e).map(([name, fn]) => call(fn === 'mean' ? 'avg' : fn, [columnArg(name)])),
    )
    if (aggregates.length === 0) throw new AnalysisException('agg() requires at least one aggregate expression')
    return new DataFrame(
      this.df.sparkSession,
      buildAggregate(this.df.plan, this.groupingExprs, [...this.groupingExprs, ...aggregates]),
    )
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
