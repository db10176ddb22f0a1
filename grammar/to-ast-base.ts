// The root of the CST-to-AST visitor chain: the grammar's visitor base, shared helpers, and names and data types.
//
// Like the parser, the visitor is split by construct into a chain of classes (base → expressions → queries →
// AstBuilder in to-ast.ts). Every visitor method receives its node's children and its source location, and
// returns an AST node, or for operator rules a small value the enclosing rule folds in.
import type { CstNode, ICstVisitor, IToken } from 'chevrotain'
import type {
  ArrayTypeAst,
  ColumnDefinitionAst,
  DataTypeAst,
  Expr,
  IntervalTypeAst,
  Loc,
  MapTypeAst,
  PrimitiveTypeAst,
  StructTypeAst,
} from './ast.js'
import {
  type Children,
  has,
  node,
  nodeLoc,
  nodes,
  optionalToken,
  soleNode,
  span,
  token,
  tokens,
} from './cst-reading.js'
import { identifierText, intervalUnit, stringValue } from './literals.js'
import { sqlParser } from './parser.js'

type VisitorMethod = (children: CstNode['children'], loc?: Loc) => unknown

/** Chevrotain's CST visitor base (`visit` dispatches on the rule name, `validateVisitor` checks that every rule has
 * a method), written out: `getBaseCstVisitorConstructor()` would need the analysed parser when this module loads,
 * and the grammar is analysed on the first parse instead. */
abstract class BaseVisitor implements ICstVisitor<Loc, unknown> {
  visit(cst: CstNode | CstNode[], loc?: Loc): unknown {
    const node = Array.isArray(cst) ? cst[0] : cst
    if (node === undefined) return undefined
    const method = this.visitorMethod(node.name)
    if (!method) throw new Error(`internal error: no visitor method for the rule ${node.name}`)
    return method.call(this, node.children, loc)
  }

  validateVisitor(): void {
    const missing = Object.keys(sqlParser().getGAstProductions()).filter((rule) => !this.visitorMethod(rule))
    if (missing.length > 0) {
      const messages = missing.map(
        (rule) => `Missing visitor method: <${rule}> on ${this.constructor.name} CST Visitor.`,
      )
      throw new Error(`Errors Detected in CST Visitor <${this.constructor.name}>:\n\t${messages.join('\n\t')}`)
    }
  }

  private visitorMethod(rule: string): VisitorMethod | undefined {
    const method: unknown = (this as unknown as Record<string, unknown>)[rule]
    return typeof method === 'function' ? (method as VisitorMethod) : undefined
  }
}

export abstract class AstBuilderBase extends BaseVisitor {
  /** The text being converted: the source of interval texts and of error excerpts. Set for each build. */
  protected sqlText = ''

  /** Visits a node, handing its location to the visitor method. */
  protected ast<T>(cst: CstNode): T {
    return this.visit(cst, nodeLoc(cst)) as T
  }

  protected expr(cst: CstNode): Expr {
    return this.ast<Expr>(cst)
  }

  protected exprs(csts: readonly CstNode[]): Expr[] {
    return csts.map((cst) => this.expr(cst))
  }

  protected name(word: IToken): string {
    return identifierText(word)
  }

  /** Folds `first (op next)*` into left-associative nodes spanning their operands' source. */
  protected foldLeft<T extends { readonly loc: Loc }, Op>(
    operands: readonly CstNode[],
    operators: readonly Op[],
    combine: (left: T, op: Op, right: T, loc: Loc) => T,
  ): T {
    const [first, ...rest] = operands
    if (!first) throw new Error('internal error: an operator chain without operands')
    let result = this.ast<T>(first)
    const start = nodeLoc(first)
    rest.forEach((operand, i) => {
      const op = operators[i]
      if (op === undefined) throw new Error('internal error: an operator chain with a missing operator')
      result = combine(result, op, this.ast<T>(operand), span(start, nodeLoc(operand)))
    })
    return result
  }

  // ── Names ──────────────────────────────────────────────────────────────────────────────────────────────────

  multipartName(ctx: Children): string[] {
    return [this.name(token(ctx, 'Name')), ...tokens(ctx, 'Word').map((word) => this.name(word))]
  }

  identifierList(ctx: Children): string[] {
    return tokens(ctx, 'Name').map((word) => this.name(word))
  }

  // ── Data types ─────────────────────────────────────────────────────────────────────────────────────────────

  dataType(ctx: Children): DataTypeAst {
    return this.ast(soleNode(ctx))
  }

  arrayType(ctx: Children, loc: Loc): ArrayTypeAst {
    return { kind: 'ArrayType', elementType: this.ast(node(ctx, 'dataType')), loc }
  }

  mapType(ctx: Children, loc: Loc): MapTypeAst {
    return {
      kind: 'MapType',
      keyType: this.ast(node(ctx, 'keyType')),
      valueType: this.ast(node(ctx, 'valueType')),
      loc,
    }
  }

  structType(ctx: Children, loc: Loc): StructTypeAst {
    return { kind: 'StructType', fields: nodes(ctx, 'columnDefinition').map((field) => this.ast(field)), loc }
  }

  intervalType(ctx: Children, loc: Loc): IntervalTypeAst {
    const [from, to] = tokens(ctx, 'IntervalUnit').map(intervalUnit)
    return { kind: 'IntervalType', ...(from && { from }), ...(to && { to }), loc }
  }

  primitiveType(ctx: Children, loc: Loc): PrimitiveTypeAst {
    const params = tokens(ctx, 'IntegerLiteral').map((digits) => Number(digits.image))
    return { kind: 'PrimitiveType', name: this.name(token(ctx, 'Name')).toLowerCase(), params, loc }
  }

  columnDefinition(ctx: Children, loc: Loc): ColumnDefinitionAst {
    const comment = optionalToken(ctx, 'QuotedString')
    return {
      kind: 'ColumnDefinition',
      name: this.name(token(ctx, 'Word')),
      dataType: this.ast(node(ctx, 'dataType')),
      nullable: !has(ctx, 'Not'),
      ...(comment && { comment: stringValue(comment) }),
      loc,
    }
  }

  columnDefinitionList(ctx: Children): ColumnDefinitionAst[] {
    return nodes(ctx, 'columnDefinition').map((column) => this.ast(column))
  }
}
