// Where bound expressions came from in the SQL text, so every error the binder raises or lets through points there.
import type { Loc } from '../../grammar/index.js'
import { expandCallStars, resolveExpr } from '../analyzer/resolve-expr.js'
import { isUnresolvedLambda } from '../analyzer/resolve-lambda.js'
import { AnalysisException, ParseException } from '../common/errors.js'
import { type Attribute, childrenOf, type Expr, withChildren } from '../expr/expression.js'
import { higherOrderOf } from '../expr/functions/registry.js'

/** The source span of each expression node the binder built from the AST (synthesized nodes have none). */
export class SourceLocations {
  private readonly spans = new WeakMap<Expr, Loc>()

  /** Records `loc` for `e` unless a more specific span is already known; returns `e`. */
  mark<E extends Expr>(e: E, loc: Loc): E {
    if (!this.spans.has(e)) this.spans.set(e, loc)
    return e
  }

  get(e: Expr): Loc | undefined {
    return this.spans.get(e)
  }
}

/** Runs `body`; an AnalysisException it throws without a position is relocated to `loc` (`; line L pos P`). */
export function atLoc<T>(loc: Loc | undefined, body: () => T): T {
  try {
    return body()
  } catch (error) {
    if (loc && error instanceof AnalysisException && !(error instanceof ParseException)) {
      throw error.at({ line: loc.line, column: loc.column })
    }
    throw error
  }
}

/**
 * Resolves an unresolved expression against `input` bottom-up, so that an error is reported at the smallest
 * fragment that fails: an unknown column at the column, a bad argument type at the call. Nodes without a span of
 * their own (BETWEEN's `>=`, `!=`'s NOT) report at their nearest ancestor's span.
 */
export function resolveAt(given: Expr, input: readonly Attribute[], locs: SourceLocations, fallback?: Loc): Expr {
  const here = locs.get(given) ?? fallback
  const e = given.kind === 'Call' ? atLoc(here, () => expandCallStars(given, input)) : given
  // A call taking lambdas resolves its arguments itself: a lambda's parameters are only in scope there.
  if (e.kind === 'Call' && (higherOrderOf(e.name) !== undefined || e.args.some(isUnresolvedLambda))) {
    return atLoc(here, () => resolveExpr(e, input))
  }
  // A window's function call is resolved with the window (lag, IGNORE NULLS, ...): only its arguments are here.
  const resolveChild = (c: Expr, i: number) =>
    e.kind === 'WindowExpr' && i === 0
      ? withChildren(
          c,
          childrenOf(c).map((a) => resolveAt(a, input, locs, here)),
        )
      : resolveAt(c, input, locs, here)
  const children = childrenOf(e).map(resolveChild)
  return atLoc(here, () => resolveExpr(withChildren(e, children), input))
}

/** The span starting at the first non-blank character at or after `offset` (a keyword between two nodes). */
export function locAfter(text: string, offset: number): Loc {
  let start = offset
  while (start < text.length && /\s/.test(text[start]!)) start++
  const before = text.slice(0, start)
  const line = before.split(/\r\n|\r|\n/).length
  const column = start - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'))
  return { line, column, offset: start, endOffset: start }
}

/** Rewrites `e` top-down like `transformDown`, keeping the spans of the nodes it rebuilds. */
export function transformKeepingLocs(e: Expr, locs: SourceLocations, rule: (node: Expr) => Expr | undefined): Expr {
  const replaced = rule(e)
  if (replaced !== undefined) return replaced
  const rebuilt = withChildren(
    e,
    childrenOf(e).map((c) => transformKeepingLocs(c, locs, rule)),
  )
  const loc = locs.get(e)
  return loc && rebuilt !== e ? locs.mark(rebuilt, loc) : rebuilt
}

/**
 * A ParseException for a fragment the grammar accepts but Spark's parser rejects (an out-of-range literal, a bad
 * typed literal), laid out like the grammar's: `message(line L, pos P)`, a blank line, `== SQL ==` and a caret.
 */
export function parseErrorAt(text: string, loc: Loc, message: string, errorClass?: string): ParseException {
  const pos = loc.column - 1
  const lines = text.split(/\r\n|\r|\n/)
  const excerpt = [...lines.slice(0, loc.line), `${'-'.repeat(pos)}^^^`, ...lines.slice(loc.line)]
  const body = [`${message}(line ${loc.line}, pos ${pos})`, '', '== SQL ==', ...excerpt].join('\n')
  return new ParseException(body, loc.line, loc.column, [], errorClass ? { errorClass } : {})
}
