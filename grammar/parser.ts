// The complete Spark SQL grammar: statements and the entry rules on top of the query grammar, built once and shared.
import type { ParserOptions } from './parser-base.js'
import { QueryParser } from './parser-queries.js'
import * as T from './tokens.js'

export class SqlParser extends QueryParser {
  readonly statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.query) },
      { ALT: () => this.SUBRULE(this.showTables) },
      { ALT: () => this.SUBRULE(this.describe) },
      { ALT: () => this.SUBRULE(this.explain) },
      { ALT: () => this.SUBRULE(this.createView) },
    ])
  })

  /** `SHOW TABLES [IN|FROM db] [[LIKE] 'pattern']` */
  readonly showTables = this.RULE('showTables', () => {
    this.CONSUME(T.Show)
    this.CONSUME(T.Tables)
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.In) }, { ALT: () => this.CONSUME(T.From) }])
      this.SUBRULE(this.multipartName)
    })
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(T.Like))
      this.CONSUME(T.QuotedString)
    })
  })

  /** `DESCRIBE|DESC [QUERY] query` or `DESCRIBE|DESC [TABLE] [EXTENDED|FORMATTED] name` */
  readonly describe = this.RULE('describe', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Describe) }, { ALT: () => this.CONSUME(T.Desc) }])
    this.OR2([
      {
        GATE: () => this.isAt(1, T.Query) && (this.isQueryAt(2) || this.isAt(2, T.LParen)),
        ALT: () => {
          this.CONSUME(T.Query)
          this.SUBRULE(this.query)
        },
      },
      { GATE: () => this.isQueryAt(1) || this.isAt(1, T.LParen), ALT: () => this.SUBRULE2(this.query) },
      {
        ALT: () => {
          this.OPTION({ GATE: () => this.isAt(2, T.Name), DEF: () => this.CONSUME(T.Table) })
          this.OPTION2({
            GATE: () => this.isAt(2, T.Name),
            DEF: () => this.OR3([{ ALT: () => this.CONSUME(T.Extended) }, { ALT: () => this.CONSUME(T.Formatted) }]),
          })
          this.SUBRULE(this.multipartName)
        },
      },
    ])
  })

  /** `EXPLAIN [EXTENDED|FORMATTED|CODEGEN|COST|LOGICAL] statement` */
  readonly explain = this.RULE('explain', () => {
    this.CONSUME(T.Explain)
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Extended) },
        { ALT: () => this.CONSUME(T.Formatted) },
        { ALT: () => this.CONSUME(T.Codegen) },
        { ALT: () => this.CONSUME(T.Cost) },
        { ALT: () => this.CONSUME(T.Logical) },
      ])
    })
    this.SUBRULE(this.statement)
  })

  /** `CREATE [OR REPLACE] [[GLOBAL] TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] AS query` */
  readonly createView = this.RULE('createView', () => {
    this.CONSUME(T.Create)
    this.OPTION(() => {
      this.CONSUME(T.Or)
      this.CONSUME(T.Replace)
    })
    this.OPTION2(() => this.CONSUME(T.Global))
    this.OPTION3(() => this.CONSUME(T.Temporary))
    this.CONSUME(T.View)
    this.OPTION4(() => {
      this.CONSUME(T.If)
      this.CONSUME(T.Not)
      this.CONSUME(T.Exists)
    })
    this.SUBRULE(this.multipartName)
    this.OPTION5(() => this.SUBRULE(this.identifierList))
    this.CONSUME(T.As)
    this.SUBRULE(this.query)
  })

  // ── Entry rules: each is followed by the end of input, which Chevrotain checks after the rule returns. ──────

  readonly singleStatement = this.RULE('singleStatement', () => {
    this.SUBRULE(this.statement)
    this.MANY(() => this.CONSUME(T.Semicolon))
  })

  readonly singleExpression = this.RULE('singleExpression', () => this.SUBRULE(this.expression))

  readonly singleNamedExpression = this.RULE('singleNamedExpression', () => this.SUBRULE(this.namedExpression))

  readonly singleDataType = this.RULE('singleDataType', () => this.SUBRULE(this.dataType))

  readonly singleTableSchema = this.RULE('singleTableSchema', () => this.SUBRULE(this.columnDefinitionList))

  constructor(options: ParserOptions = {}) {
    super(options)
    this.performSelfAnalysis()
  }
}

let instance: SqlParser | undefined

/** The one parser instance, built on the first parse rather than on import (its grammar analysis is the largest
 * part of Rivulet's start-up) and reused for every parse. The grammar checks are skipped here; the tests build a
 * validating instance. */
export function sqlParser(): SqlParser {
  instance ??= new SqlParser()
  return instance
}
