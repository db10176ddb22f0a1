// What groupBy(...).pivot(...) computes up front: a batch column's distinct values, and the text of a pivot value.
import { buildProject } from '../analyzer/plan-builder.js'
import { AnalysisException } from '../common/errors.js'
import { alias, type Expr } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { oneRowRelation } from '../sql/constants.js'
import { Column } from './column.js'
import { DataFrame } from './data-frame.js'

const DEFAULT_MAX_VALUES = 10000

/**
 * `pivot(column)` without values: the column's distinct values, ascending with nulls first (Spark's
 * RelationalGroupedDataset.pivot). A stream has no values to list up front.
 */
export function distinctValues(df: DataFrame, column: Expr): unknown[] {
  if (df.isStreaming) {
    throw new AnalysisException('pivot is not supported on a streaming DataFrames/Datasets', {
      errorClass: '_LEGACY_ERROR_TEMP_3063',
    })
  }
  const maxValues = Number(df.sparkSession.conf.get('spark.sql.pivotMaxValues', String(DEFAULT_MAX_VALUES)))
  const values = df
    .select(new Column(alias(column, 'value')))
    .distinct()
    .orderBy('value')
    .limit(maxValues + 1)
    .collect()
    .map((row) => Object.values(row)[0])
  if (values.length > maxValues) {
    throw new AnalysisException(
      `The pivot column ${sqlText(column)} has more than ${maxValues} distinct values, this could indicate an error. If this was intended, set spark.sql.pivotMaxValues to at least the number of distinct values of the pivot column.`,
    )
  }
  return values
}

/** The value of a constant expression as text (null for NULL): the name of a pivot value's columns. */
export function constantText(df: DataFrame, e: Expr): string | null {
  const plan = buildProject(oneRowRelation(), [alias(e, 'value')])
  const [row] = new DataFrame(df.sparkSession, plan).collect()
  const value = row === undefined ? null : Object.values(row)[0]
  return value === null || value === undefined ? null : String(value)
}
