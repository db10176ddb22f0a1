// Shared helpers for the built-in function tests: evaluate expressions over a small static DataFrame.
import type { Column, DataFrame, Row } from '../../src/index.js'
import { newSession } from './session.js'

/** The rows of `df.select(...cols)`, as a user would see them from collect(). */
export function selectRows(df: DataFrame, ...cols: Column[]): Row[] {
  return df.select(...cols).collect()
}

/** The values of the single expression `col` over every row of `df`. */
export function valuesOf(df: DataFrame, col: Column): unknown[] {
  const selected = df.select(col)
  const [name] = selected.columns
  return selected.collect().map((row) => row[name!])
}

/** The generated column name Spark gives the unaliased expression. */
export function nameOf(df: DataFrame, col: Column): string {
  return df.select(col).columns[0]!
}

/** The simple type string (`int`, `double`, `decimal(11,2)`) of the selected expression. */
export function typeOf(df: DataFrame, col: Column): string {
  return df.select(col).dtypes[0]![1]
}

/** A one-row DataFrame with no columns used only to evaluate literal expressions. */
export function oneRow(conf: Record<string, string> = {}): DataFrame {
  return newSession(conf).createDataFrame([{ x: 1 }], 'x INT')
}
