// Builds resolved logical plans for DataFrame operations (and, later, SQL): stars expanded, names resolved,
// generators planned as Generate, aggregates as Aggregate. Every plan it returns is analyzed.
import { AnalysisException } from '../common/errors.js'
import {
  type Attribute,
  alias,
  attribute,
  collect,
  dataTypeOf,
  type Expr,
  exists,
  type Fn,
  type NamedExpr,
} from '../expr/expression.js'
import { castTo, widerType } from '../expr/functions/coercion.js'
import { lookupFunction } from '../expr/functions/registry.js'
import { sqlText } from '../expr/sql-text.js'
import {
  filter,
  generate,
  type LogicalPlan,
  limit as limitPlan,
  project,
  subqueryAlias,
  union as unionPlan,
} from '../logical/plan.js'
import { sqlTypeName } from '../types/data-types.js'
import { buildAggregate } from './aggregate-builder.js'
import { buildWindowProject, hasAggregateOutsideWindows, hasWindow } from './extract-windows.js'
import { exposeReferenced, resolutionInput, withOutputOf } from './hidden-columns.js'
import { unresolvedColumn } from './identifiers.js'
import { toNamedExpr } from './naming.js'
import { expandStars, resolveExpr } from './resolve-expr.js'

export { expandStars }

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

const isGenerator = (e: Expr): e is Fn => e.kind === 'Fn' && lookupFunction(e.name)?.kind === 'generator'

/** Output attributes of a generator, named by its alias(es) or by the generator's defaults (`col`, `pos`, ...). */
export function generatorOutput(
  generator: Fn,
  names: readonly string[],
  qualifier: readonly string[] = [],
): Attribute[] {
  const found = lookupFunction(generator.name)
  if (found?.kind !== 'generator') throw new Error(`${generator.name} is not a generator`)
  const { output } = found.spec.resolve(generator.args, generator.name)
  if (names.length > 0 && names.length !== output.length) {
    throw new AnalysisException(
      `The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${output.length} aliases but got ${names.join(', ')}.`,
      { errorClass: 'UDTF_ALIAS_NUMBER_MISMATCH' },
    )
  }
  return output.map((o, i) => attribute(names[i] ?? o.name, o.dataType, o.nullable, {}, qualifier))
}

/**
 * A projection. A generator in the list (at the top level, at most one) becomes a Generate below the Project,
 * as Spark plans `select(explode(...))`.
 */
export function buildProject(input: LogicalPlan, exprs: readonly Expr[]): LogicalPlan {
  const expanded = expandStars(exprs, resolutionInput(input))
  const resolved = expanded.map((e) => resolveExpr(e, resolutionInput(input)))
  // A USING join's hidden keys the list reads (`nt2.k`) join the input's output.
  const child = exposeReferenced(input, resolved)
  // Aggregates in a projection without groupBy aggregate the whole input (`select(count('*'))`).
  if (resolved.some(hasAggregateOutsideWindows)) return buildAggregate(child, [], child === input ? expanded : resolved)
  if (resolved.some(hasWindow)) return buildWindowProject(child, resolved.map(toNamedExpr))
  const generators = resolved.filter((e) => isGenerator(e) || (e.kind === 'Alias' && isGenerator(e.child)))
  for (const e of resolved) {
    const nested = collect(e, isGenerator).filter((g) => g !== e && !(e.kind === 'Alias' && e.child === g))
    if (nested.length > 0) {
      throw new AnalysisException(`The generator is not supported: nested in expressions "${sqlText(e)}".`, {
        errorClass: 'UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS',
      })
    }
  }
  if (generators.length > 1) {
    throw new AnalysisException(
      `The generator is not supported: only one generator allowed per SELECT clause but found ${generators.length}: ${generators.map((g) => `"${sqlText(g)}"`).join(', ')}.`,
      { errorClass: 'UNSUPPORTED_GENERATOR.MULTI_GENERATOR' },
    )
  }
  if (generators.length === 0) return project(child, resolved.map(toNamedExpr))
  const entry = generators[0]!
  const generator = (entry.kind === 'Alias' ? entry.child : entry) as Fn
  const output = generatorOutput(generator, entry.kind === 'Alias' ? [entry.name] : [])
  const generated = generate(child, generator, output)
  const list = resolved.flatMap((e): NamedExpr[] => (e === entry ? output : [toNamedExpr(e)]))
  return project(generated, list)
}

/** A filter; the condition must be boolean (Spark's FILTER_NOT_BOOLEAN otherwise). */
export function buildFilter(child: LogicalPlan, condition: Expr): LogicalPlan {
  if (hasWindow(condition))
    throw new AnalysisException('It is not allowed to use window functions inside WHERE clause.')
  const resolved = resolveExpr(condition, resolutionInput(child))
  const type = dataTypeOf(resolved)
  if (type.kind !== 'boolean') {
    throw new AnalysisException(
      `Cannot resolve "${sqlText(resolved)}" due to data type mismatch: Filter expression "${sqlText(resolved)}" of type "${sqlTypeName(type)}" is not a boolean.`,
      { errorClass: 'DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN' },
    )
  }
  if (exists(resolved, (n) => n.kind === 'Agg')) {
    throw new AnalysisException(
      `Aggregate/Window/Generate expressions are not valid in where clause of the query.\nExpression in where clause: [${sqlText(resolved)}]`,
      { errorClass: 'INVALID_WHERE_CONDITION' },
    )
  }
  // A hidden key the condition reads is exposed below the filter, then projected away again.
  const exposed = exposeReferenced(child, [resolved])
  return withOutputOf(child, filter(exposed, resolved))
}

/** withColumn(s): existing columns of the same name are replaced in place, new ones appended. */
export function buildWithColumns(child: LogicalPlan, columns: readonly (readonly [string, Expr])[]): LogicalPlan {
  const list: Expr[] = [...child.output]
  for (const [name, e] of columns) {
    const named = alias(e, name)
    const index = list.findIndex((x) => x.kind === 'Attribute' && sameName(x.name, name))
    if (index >= 0) list[index] = named
    else list.push(named)
  }
  return buildProject(child, list)
}

/** withColumnRenamed: a no-op when the column does not exist, as in Spark. */
export function buildWithColumnRenamed(child: LogicalPlan, existing: string, renamed: string): LogicalPlan {
  if (!child.output.some((a) => sameName(a.name, existing))) return child
  return project(
    child,
    child.output.map((a) => (sameName(a.name, existing) ? alias(a, renamed) : a)),
  )
}

/** drop: columns named (or referenced) are removed; unknown names are ignored, as in Spark. */
export function buildDrop(child: LogicalPlan, columns: readonly Expr[]): LogicalPlan {
  const dropped = new Set<number>()
  for (const e of columns) {
    if (e.kind === 'ColumnRef') {
      for (const a of child.output) if (sameName(a.name, e.name)) dropped.add(a.id)
    } else if (e.kind === 'Attribute') dropped.add(e.id)
  }
  if (dropped.size === 0) return child
  return project(
    child,
    child.output.filter((a) => !dropped.has(a.id)),
  )
}

/** Union by position (or by name): column counts must match; types widen to a common type. */
export function buildUnion(
  left: LogicalPlan,
  right: LogicalPlan,
  byName: boolean,
  allowMissingColumns = false,
): LogicalPlan {
  let other = right
  if (byName) {
    const list: Expr[] = left.output.map((a) => {
      const match = right.output.find((b) => sameName(a.name, b.name))
      if (match) return match
      if (allowMissingColumns) return alias({ kind: 'Literal', value: null, dataType: a.dataType }, a.name)
      throw unresolvedColumn(
        a.name,
        right.output.map((b) => [b.name]),
      )
    })
    if (allowMissingColumns) {
      for (const b of right.output) if (!left.output.some((a) => sameName(a.name, b.name))) list.push(b)
    }
    other = buildProject(right, list)
    if (allowMissingColumns && other.output.length > left.output.length) {
      const extra = other.output
        .slice(left.output.length)
        .map((b) => alias({ kind: 'Literal', value: null, dataType: b.dataType }, b.name))
      return buildUnion(buildProject(left, [...left.output, ...extra]), other, false)
    }
  }
  if (left.output.length !== other.output.length) {
    throw new AnalysisException(
      `UNION can only be performed on inputs with the same number of columns, but the first input has ${left.output.length} columns and the second input has ${other.output.length} columns.`,
      { errorClass: 'NUM_COLUMNS_MISMATCH' },
    )
  }
  const types = left.output.map((a, i) => {
    const b = other.output[i]!
    const wider = widerType(a.dataType, b.dataType)
    if (!wider) {
      throw new AnalysisException(
        `UNION can only be performed on inputs with compatible column types. The ${ordinal(i + 1)} column of the second input is "${sqlTypeName(b.dataType)}" type which is not compatible with "${sqlTypeName(a.dataType)}" at the same column of the first input.`,
        { errorClass: 'INCOMPATIBLE_COLUMN_TYPE' },
      )
    }
    return wider
  })
  const widen = (plan: LogicalPlan) =>
    plan.output.every((a, i) => a.dataType.kind === types[i]!.kind && widerType(a.dataType, types[i]!) === a.dataType)
      ? plan
      : project(
          plan,
          plan.output.map((a, i) => (castTo(a, types[i]!) === a ? a : alias(castTo(a, types[i]!), a.name))),
        )
  return unionPlan([widen(left), widen(other)])
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th'
  return `${n}${suffix}`
}

export const buildLimit = (child: LogicalPlan, n: number): LogicalPlan => {
  if (!Number.isInteger(n) || n < 0) {
    throw new AnalysisException(
      `The limit like expression "${n}" is invalid. The limit expression must be equal to or greater than 0, but got ${n}.`,
      { errorClass: 'INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE' },
    )
  }
  return limitPlan(child, n)
}

export const buildAlias = (child: LogicalPlan, name: string): LogicalPlan => subqueryAlias(child, name)
