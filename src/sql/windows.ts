// `fn(…) OVER …` bound to a window expression: WINDOW clause references, partition keys, orderings and the frame.
import type * as ast from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
import {
  call,
  type Expr,
  type FrameBound,
  type Literal,
  type SortOrder,
  sortOrder,
  type WindowFrame,
  windowExpr,
} from '../expr/expression.js'
import type { BindContext } from './bind-context.js'
import { parseErrorAt } from './source-locations.js'

/** A WINDOW clause's definitions, by lower-cased name, with references between them followed. */
export function windowDefinitions(
  windows: readonly ast.NamedWindow[] | undefined,
  ctx: BindContext,
): Map<string, ast.WindowDefinition> {
  const byName = new Map<string, ast.WindowSpecAst>()
  for (const w of windows ?? []) {
    const name = w.name.toLowerCase()
    if (byName.has(name)) {
      throw parseErrorAt(
        ctx.text,
        w.loc,
        `Invalid SQL syntax: The definition of window \`${w.name}\` is repetitive.`,
        'INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION',
      )
    }
    byName.set(name, w.spec)
  }
  const resolved = new Map<string, ast.WindowDefinition>()
  for (const [name, spec] of byName) {
    let current: ast.WindowSpecAst = spec
    for (let hops = 0; current.kind === 'WindowRef'; hops++) {
      const next = byName.get(current.name.toLowerCase())
      if (!next || hops > byName.size) throw missingWindow(current.name)
      current = next
    }
    resolved.set(name, current)
  }
  return resolved
}

const missingWindow = (name: string) =>
  new AnalysisException(`Window specification ${name} is not defined in the WINDOW clause.`, {
    errorClass: 'MISSING_WINDOW_SPECIFICATION',
  })

/** A frame bound's value must be a literal (Spark checks it while parsing). */
function boundValue(value: Expr, loc: ast.Loc, ctx: BindContext): Literal {
  if (value.kind === 'Literal') return value
  throw parseErrorAt(ctx.text, loc, 'Frame bound value must be a literal.')
}

function bindBound(bound: ast.FrameBoundAst, loc: ast.Loc, ctx: BindContext, bind: Bind): FrameBound {
  if (bound.kind !== 'Offset') return bound
  const value = bindOffset(bound.value, ctx, bind)
  return {
    kind: 'Offset',
    value: boundValue(value, 'loc' in bound.value ? bound.value.loc : loc, ctx),
    preceding: bound.preceding,
  }
}

/** `-1` binds as a call to `negative`; a frame wants the literal. */
function bindOffset(value: ast.Expr, ctx: BindContext, bind: Bind): Expr {
  const bound = bind(value, ctx)
  if (bound.kind === 'Call' && bound.name === 'negative' && bound.args[0]?.kind === 'Literal') {
    const inner = bound.args[0]
    if (typeof inner.value === 'number') return { ...inner, value: -inner.value }
  }
  return bound
}

type Bind = (e: ast.Expr, ctx: BindContext) => Expr

/** `fn OVER spec` as a window expression over the unresolved call `fn`. */
export function bindOver(
  fn: Expr,
  node: ast.FunctionCall,
  over: ast.WindowSpecAst,
  ctx: BindContext,
  bind: Bind,
): Expr {
  if (node.filter) {
    throw new AnalysisException('window aggregate function with filter predicate is not supported yet.')
  }
  let spec: ast.WindowSpecAst = over
  if (spec.kind === 'WindowRef') {
    const found = ctx.windows?.get(spec.name.toLowerCase())
    if (!found) throw missingWindow(spec.name)
    spec = found
  }
  const partitionBy = spec.partitionBy.map((p) => bind(p, ctx))
  const orderBy: SortOrder[] = spec.orderBy.map((item) => {
    const ascending = item.direction !== 'desc'
    const nullsFirst = item.nulls === undefined ? ascending : item.nulls === 'first'
    return sortOrder(bind(item.expr, ctx), ascending, nullsFirst)
  })
  const frame: WindowFrame | undefined = spec.frame && {
    type: spec.frame.type,
    lower: bindBound(spec.frame.lower, spec.loc, ctx, bind),
    upper: bindBound(spec.frame.upper, spec.loc, ctx, bind),
  }
  return windowExpr(fn, partitionBy, orderBy, frame, node.ignoreNulls === true)
}

/** `first(x) IGNORE NULLS` outside a window: `first(x, true)`, as Spark's parser gives it. */
export function withIgnoreNulls(fn: Expr, node: ast.FunctionCall): Expr {
  if (!node.ignoreNulls || fn.kind !== 'Call' || fn.args.length !== 1) return fn
  return call(
    fn.name,
    [...fn.args, { kind: 'Literal', value: true, dataType: { kind: 'boolean' } } as Literal],
    fn.distinct,
  )
}
