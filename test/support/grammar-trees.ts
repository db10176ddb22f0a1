// Test helpers for the grammar: parse without source locations, build the common leaf nodes, catch syntax errors.
import {
  type Expr,
  parseDataType,
  parseExpression,
  parseNamedExpression,
  parseSql,
  parseTableSchema,
  type Query,
  type QueryExpr,
  type Select,
  SqlSyntaxError,
} from '../../grammar/index.js'

/** A deep copy without `loc` fields, so that expected trees can be written as literals. */
export function withoutLocs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLocs) as T
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'loc')
      .map(([key, child]) => [key, withoutLocs(child)]),
  ) as T
}

export const sql = (text: string) => withoutLocs(parseSql(text))
export const expr = (text: string) => withoutLocs(parseExpression(text))
export const named = (text: string) => withoutLocs(parseNamedExpression(text))
export const dataType = (text: string) => withoutLocs(parseDataType(text))
export const schema = (text: string) => withoutLocs(parseTableSchema(text))

// Leaf nodes, without locations.
export const col = (...parts: string[]) => ({ kind: 'ColumnRef', parts })
export const int = (value: string) => ({ kind: 'NumericLiteral', numericKind: 'integer', value, text: value })
export const str = (value: string) => ({ kind: 'StringLiteral', value })
export const bool = (value: boolean) => ({ kind: 'BooleanLiteral', value })
export const binary = (op: string, left: unknown, right: unknown) => ({ kind: 'BinaryOp', op, left, right })
export const call = (name: string, ...args: unknown[]) => ({
  kind: 'FunctionCall',
  name: [name],
  args,
  distinct: false,
})
export const item = (value: unknown, alias?: string) => ({ kind: 'NamedExpr', expr: value, ...(alias && { alias }) })
export const table = (...name: string[]) => ({ kind: 'TableRef', name })
export const type = (name: string, ...params: number[]) => ({ kind: 'PrimitiveType', name, params })

/** A SELECT block with the empty clauses filled in. */
export function select(clauses: Partial<Record<keyof Select, unknown>>) {
  return { kind: 'Select', distinct: false, from: [], lateralViews: [], ...clauses }
}

/** A query around `body` with the empty clauses filled in. */
export function query(body: unknown, clauses: Partial<Record<keyof Query, unknown>> = {}) {
  return { kind: 'Query', ctes: [], body, orderBy: [], clusterBy: [], distributeBy: [], sortBy: [], ...clauses }
}

/** The body of a parsed query statement, without locations. */
export function bodyOf(text: string): QueryExpr {
  const statement = sql(text)
  if (statement.kind !== 'Query') throw new Error(`not a query: ${statement.kind}`)
  return statement.body
}

/** The expression of the only select item of `SELECT <text>`. */
export function selected(text: string): Expr {
  const body = bodyOf(`SELECT ${text}`)
  if (body.kind !== 'Select' || !body.items[0]) throw new Error('not a one-item SELECT')
  return body.items[0].expr
}

/** The SqlSyntaxError that `parse` throws; fails the test if it throws nothing or anything else. */
export function syntaxError(parse: () => unknown): SqlSyntaxError {
  try {
    parse()
  } catch (error) {
    if (error instanceof SqlSyntaxError) return error
    throw error
  }
  throw new Error('expected a SqlSyntaxError, but the input parsed')
}
