// The grammar's public surface: parse Spark SQL text into a statement, an expression, a data type or a schema.
//
// Every entry point lexes, parses and builds the AST in one go, consumes the whole input, and throws
// SqlSyntaxError (never anything else) for malformed input.
import type { CstNode, IToken } from 'chevrotain'
import type { ColumnDefinitionAst, DataTypeAst, Expr, NamedExpr, Statement } from './ast.js'
import { lexingError, nestingError, parsingError } from './error-reporting.js'
import { sqlParser } from './parser.js'
import { AstBuilder } from './to-ast.js'
import { sqlLexer } from './tokens.js'

export type * from './ast.js'
export { SqlSyntaxError, type SyntaxErrorClass } from './errors.js'
export { operatorChain } from './operator-chain.js'

let astBuilder: AstBuilder | undefined

type EntryRule =
  | 'singleStatement'
  | 'singleExpression'
  | 'singleNamedExpression'
  | 'singleDataType'
  | 'singleTableSchema'

function parse<T>(text: string, rule: EntryRule): T {
  const lexed = sqlLexer().tokenize(text)
  const lexError = lexingError(text, lexed)
  if (lexError) throw lexError
  const tokens: IToken[] = lexed.tokens
  try {
    const parser = sqlParser()
    parser.input = tokens
    const cst: CstNode = parser[rule]()
    const [error] = parser.errors
    if (error) throw parsingError(text, tokens, error, parser)
    astBuilder ??= new AstBuilder()
    return astBuilder.build<T>(cst, text)
  } catch (error) {
    // The parser and the builder recurse once per nesting level; running out of stack is the input's fault.
    if (error instanceof RangeError) throw nestingError(text, tokens)
    throw error
  }
}

/** A statement: a query, SHOW TABLES, DESCRIBE, EXPLAIN or CREATE TEMPORARY VIEW; a trailing `;` is allowed. */
export function parseSql(text: string): Statement {
  return parse(text, 'singleStatement')
}

/** One expression, as `expr()` and `filter()` strings hold. */
export function parseExpression(text: string): Expr {
  return parse(text, 'singleExpression')
}

/** An expression with an optional alias (`a + 1 AS b`, `a + 1 b`), as `selectExpr()` and `expr()` accept. */
export function parseNamedExpression(text: string): NamedExpr {
  return parse(text, 'singleNamedExpression')
}

/** A data type: `int`, `decimal(10, 2)`, `array<struct<a: int, b: string>>`. */
export function parseDataType(text: string): DataTypeAst {
  return parse(text, 'singleDataType')
}

/** A DDL schema: `id INT, name STRING NOT NULL COMMENT 'x', tags ARRAY<STRING>` (also `a: int, b: string`). */
export function parseTableSchema(text: string): ColumnDefinitionAst[] {
  return parse(text, 'singleTableSchema')
}
