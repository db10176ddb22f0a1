// Typed access to Chevrotain CST children, and the source locations of tokens and nodes as AST `Loc`s.
import type { CstChildrenDictionary, CstElement, CstNode, IToken } from 'chevrotain'
import type { Loc } from './ast.js'

export type Children = CstChildrenDictionary

function isToken(element: CstElement): element is IToken {
  return 'image' in element
}

/** A child the grammar guarantees; its absence is a bug in the AST builder, not in the input. */
function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new Error(`internal error: CST child '${key}' is missing`)
  return value
}

const none: readonly never[] = []

// A CST key names either a token type or a rule (or a label standing for one), so each children array holds only
// tokens or only nodes, and the accessors below can type it without filtering.

export function tokens(ctx: Children, key: string): readonly IToken[] {
  return (ctx[key] ?? none) as IToken[]
}

export function optionalToken(ctx: Children, key: string): IToken | undefined {
  return tokens(ctx, key)[0]
}

export function token(ctx: Children, key: string): IToken {
  return required(optionalToken(ctx, key), key)
}

export function nodes(ctx: Children, key: string): readonly CstNode[] {
  return (ctx[key] ?? none) as CstNode[]
}

export function optionalNode(ctx: Children, key: string): CstNode | undefined {
  return nodes(ctx, key)[0]
}

export function node(ctx: Children, key: string): CstNode {
  return required(optionalNode(ctx, key), key)
}

export function has(ctx: Children, key: string): boolean {
  return ctx[key] !== undefined
}

/** The one sub-rule node of a rule that is a choice between sub-rules. */
export function soleNode(ctx: Children): CstNode {
  for (const key in ctx) {
    const first = ctx[key]?.[0]
    if (first && !isToken(first)) return first
  }
  throw new Error('internal error: CST node has no sub-rule child')
}

export function tokenLoc(token: IToken): Loc {
  return {
    line: token.startLine ?? 1,
    column: token.startColumn ?? 1,
    offset: token.startOffset,
    endOffset: (token.endOffset ?? token.startOffset) + 1,
  }
}

export function nodeLoc(node: CstNode): Loc {
  const location = required(node.location, 'location')
  return {
    line: location.startLine ?? 1,
    column: location.startColumn ?? 1,
    offset: location.startOffset,
    endOffset: (location.endOffset ?? location.startOffset) + 1,
  }
}

/** From the start of `first` to the end of `last`. */
export function span(first: Loc, last: Loc): Loc {
  return { line: first.line, column: first.column, offset: first.offset, endOffset: last.endOffset }
}

/** Tokens gathered from several keys, back in source order. */
export function inSourceOrder(...groups: (readonly IToken[])[]): IToken[] {
  return groups.flat().sort((a, b) => a.startOffset - b.startOffset)
}
