// Choosing and renaming many columns at once: toDF(...names) by position, withColumnsRenamed({ old: new }) by name
// (with Spark's Dataset checks), and colRegex's regex columns for select().
import { IllegalArgumentException } from '../common/errors.js'
import { type Attribute, alias, columnRef, type NamedExpr } from '../expr/expression.js'
import { type LogicalPlan, project } from '../logical/plan.js'
import { checkColumnNameDuplication } from '../types/schema-utils.js'
import { Column } from './column.js'
import { argumentError, entriesOf, isPlainObject, pyTypeName } from './py-type-name.js'

/** toDF: every column renamed by position; the number of names must match. */
export function renamedAll(plan: LogicalPlan, names: readonly unknown[]): LogicalPlan {
  const bad = names.find((n) => typeof n !== 'string')
  if (bad !== undefined) {
    throw argumentError('NOT_LIST_OF_STR', `Argument \`cols\` should be a list[str], got ${pyTypeName(bad)}.`)
  }
  const output = plan.output
  if (names.length !== output.length) {
    throw new IllegalArgumentException(
      `requirement failed: The number of columns doesn't match.\nOld column names (${output.length}): ${output.map((a) => a.name).join(', ')}\nNew column names (${names.length}): ${names.join(', ')}`,
    )
  }
  return project(
    plan,
    output.map((a, i) => alias(a, names[i] as string)),
  )
}

/**
 * withColumnsRenamed: each (existing, new) pair in order renames the columns currently named `existing`
 * (case-insensitively), so `{ a: 'b', b: 'c' }` renames a to c, as Spark's fold over the map does; the result must
 * not hold two columns of one name.
 */
export function renamedSome(
  plan: LogicalPlan,
  colsMap: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
): LogicalPlan {
  if (!(colsMap instanceof Map || isPlainObject(colsMap))) {
    throw argumentError('NOT_DICT', `Argument \`colsMap\` should be a dict, got ${pyTypeName(colsMap)}.`)
  }
  const pairs = entriesOf(colsMap)
  let list: NamedExpr[] = [...plan.output]
  for (const [existing, renamed] of pairs) {
    list = list.map((e) =>
      e.name.toLowerCase() !== existing.toLowerCase()
        ? e
        : e.kind === 'Alias'
          ? alias(e.child, renamed, e.id)
          : alias(e, renamed),
    )
  }
  checkColumnNameDuplication(list.map((e) => e.name))
  return project(plan, list)
}

/** The columns a colRegex() Column stands for in select(). */
const regexColumns = new WeakMap<Column, Column[]>()

/**
 * colRegex: for a backquoted regex (Spark's escapedIdentifier), a Column that select() expands to the columns whose
 * whole name matches it case-insensitively (elsewhere it is an unresolved name); undefined for a plain name.
 */
export function regexColumn(output: readonly Attribute[], colName: string): Column | undefined {
  const match = /^`([\s\S]+)`$/.exec(colName)
  if (!match) return undefined
  const pattern = new RegExp(`^(?:${match[1]})$`, 'i')
  const column = new Column(columnRef(colName))
  regexColumns.set(
    column,
    output.filter((a) => pattern.test(a.name)).map((a) => new Column(a)),
  )
  return column
}

/** select()'s arguments with each colRegex() Column replaced by the columns it matched. */
export function expandRegexColumns(cols: readonly (Column | string)[]): (Column | string)[] {
  return cols.flatMap((c): (Column | string)[] => (c instanceof Column ? (regexColumns.get(c) ?? [c]) : [c]))
}
