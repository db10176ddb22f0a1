// The CST visitor that turns a parse tree into the AST: statements and entry rules on top of the query and
// expression builders, checked against the grammar when it is built.
import type { CstNode } from 'chevrotain'
import type {
  CreateView,
  DescribeQuery,
  DescribeTable,
  Explain,
  ExplainMode,
  Loc,
  ShowTables,
  Statement,
} from './ast.js'
import { type Children, has, node, nodeLoc, optionalNode, optionalToken, soleNode } from './cst-reading.js'
import { stringValue } from './literals.js'
import { QueryAstBuilder } from './to-ast-queries.js'

const explainModes = ['Extended', 'Formatted', 'Codegen', 'Cost', 'Logical'] as const

export class AstBuilder extends QueryAstBuilder {
  constructor() {
    super()
    // Fails on the first parse (where the builder is made) if a grammar rule has no visitor method.
    this.validateVisitor()
  }

  /** Converts the CST of an entry rule parsed from `sqlText`. */
  build<T>(cst: CstNode, sqlText: string): T {
    this.sqlText = sqlText
    try {
      return this.visit(cst, nodeLoc(cst)) as T
    } finally {
      this.sqlText = ''
    }
  }

  statement(ctx: Children): Statement {
    return this.ast(soleNode(ctx))
  }

  showTables(ctx: Children, loc: Loc): ShowTables {
    const namespace = optionalNode(ctx, 'multipartName')
    const pattern = optionalToken(ctx, 'QuotedString')
    return {
      kind: 'ShowTables',
      ...(namespace && { namespace: this.ast<string[]>(namespace) }),
      ...(pattern && { pattern: stringValue(pattern) }),
      loc,
    }
  }

  describe(ctx: Children, loc: Loc): DescribeTable | DescribeQuery {
    const query = optionalNode(ctx, 'query')
    if (query) return { kind: 'DescribeQuery', query: this.ast(query), loc }
    const extended = has(ctx, 'Extended') || has(ctx, 'Formatted')
    return { kind: 'DescribeTable', name: this.ast(node(ctx, 'multipartName')), extended, loc }
  }

  explain(ctx: Children, loc: Loc): Explain {
    const mode = explainModes.find((keyword) => has(ctx, keyword))
    return {
      kind: 'Explain',
      mode: (mode?.toLowerCase() ?? 'simple') as ExplainMode,
      statement: this.ast(node(ctx, 'statement')),
      loc,
    }
  }

  createView(ctx: Children, loc: Loc): CreateView {
    const columns = optionalNode(ctx, 'identifierList')
    return {
      kind: 'CreateView',
      name: this.ast(node(ctx, 'multipartName')),
      orReplace: has(ctx, 'Replace'),
      global: has(ctx, 'Global'),
      temporary: has(ctx, 'Temporary'),
      ifNotExists: has(ctx, 'If'),
      columns: columns ? this.ast<string[]>(columns) : [],
      query: this.ast(node(ctx, 'query')),
      loc,
    }
  }

  singleStatement(ctx: Children): Statement {
    return this.ast(node(ctx, 'statement'))
  }

  singleExpression(ctx: Children): unknown {
    return this.ast(soleNode(ctx))
  }

  singleNamedExpression(ctx: Children): unknown {
    return this.ast(soleNode(ctx))
  }

  singleDataType(ctx: Children): unknown {
    return this.ast(soleNode(ctx))
  }

  singleTableSchema(ctx: Children): unknown {
    return this.ast(soleNode(ctx))
  }
}
