// Grammar rules for the FROM clause: tables, subqueries, joins, VALUES, table-valued functions and lateral views.
import { WindowParser } from './parser-windows.js'
import * as T from './tokens.js'

export abstract class RelationParser extends WindowParser {
  readonly fromClause = this.RULE('fromClause', () => {
    this.CONSUME(T.From)
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.relation) })
    this.MANY(() => this.SUBRULE(this.lateralView))
    this.OPTION(() => this.SUBRULE(this.pivotClause))
  })

  /** `PIVOT (agg [AS] alias, … FOR col IN (value [AS alias], …))`; several columns as `(a, b)`, values as tuples. */
  readonly pivotClause = this.RULE('pivotClause', () => {
    this.CONSUME(T.Pivot)
    this.CONSUME(T.LParen)
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression) })
    this.CONSUME(T.For)
    this.OR([
      { ALT: () => this.CONSUME(T.Name) },
      {
        ALT: () => {
          this.CONSUME3(T.LParen)
          this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Name) })
          this.CONSUME(T.RParen)
        },
      },
    ])
    this.CONSUME(T.In)
    this.CONSUME2(T.LParen)
    this.AT_LEAST_ONE_SEP3({
      SEP: T.Comma,
      DEF: () => this.SUBRULE2(this.namedExpression, { LABEL: 'pivotValue' }),
    })
    this.CONSUME2(T.RParen)
    this.CONSUME3(T.RParen)
  })

  /** A primary relation followed by its joins, left-associative. */
  readonly relation = this.RULE('relation', () => {
    this.SUBRULE(this.relationPrimary)
    this.MANY(() => this.SUBRULE(this.joinClause))
  })

  readonly joinClause = this.RULE('joinClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Natural)
          this.OPTION(() => this.SUBRULE(this.joinType))
          this.CONSUME(T.Join)
          this.SUBRULE(this.relationPrimary)
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE2(this.joinType))
          this.CONSUME2(T.Join)
          this.SUBRULE2(this.relationPrimary)
          this.OPTION3(() => this.SUBRULE(this.joinCriteria))
        },
      },
    ])
  })

  /** INNER | CROSS | LEFT [OUTER|SEMI|ANTI] | RIGHT [OUTER] | FULL [OUTER] | SEMI | ANTI */
  readonly joinType = this.RULE('joinType', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Inner) },
      { ALT: () => this.CONSUME(T.Cross) },
      {
        ALT: () => {
          this.CONSUME(T.Left)
          this.OPTION(() => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Outer) },
              { ALT: () => this.CONSUME(T.Semi) },
              { ALT: () => this.CONSUME(T.Anti) },
            ])
          })
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Right)
          this.OPTION2(() => this.CONSUME2(T.Outer))
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Full)
          this.OPTION3(() => this.CONSUME3(T.Outer))
        },
      },
      { ALT: () => this.CONSUME2(T.Semi) },
      { ALT: () => this.CONSUME2(T.Anti) },
    ])
  })

  readonly joinCriteria = this.RULE('joinCriteria', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.On)
          this.SUBRULE(this.expression)
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Using)
          this.SUBRULE(this.identifierList)
        },
      },
    ])
  })

  readonly relationPrimary = this.RULE('relationPrimary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.values) },
      { ALT: () => this.SUBRULE(this.parenthesizedRelation) },
      { ALT: () => this.SUBRULE(this.tableOrFunction) },
    ])
  })

  /** `(query) [alias]` or `(relation) [alias]`. A `(` right after `(` opens a query: `((SELECT …) UNION …)`. */
  readonly parenthesizedRelation = this.RULE('parenthesizedRelation', () => {
    this.CONSUME(T.LParen)
    this.OR([
      { GATE: () => this.isQueryAt(1) || this.isAt(1, T.LParen), ALT: () => this.SUBRULE(this.query) },
      { ALT: () => this.SUBRULE(this.relation) },
    ])
    this.CONSUME(T.RParen)
    this.OPTION({ GATE: () => this.isAliasAhead(), DEF: () => this.SUBRULE(this.tableAlias) })
  })

  /** A table name, or a table-valued function call, with an optional alias. */
  readonly tableOrFunction = this.RULE('tableOrFunction', () => {
    this.SUBRULE(this.multipartName)
    this.OPTION(() => {
      this.CONSUME(T.LParen)
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableFunctionArgument) })
      this.CONSUME(T.RParen)
    })
    this.OPTION2({ GATE: () => this.isAliasAhead(), DEF: () => this.SUBRULE(this.tableAlias) })
  })

  /** `TABLE t`, `DESCRIPTOR(ts)`, `name => TABLE t`, or any function argument. */
  readonly tableFunctionArgument = this.RULE('tableFunctionArgument', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.tableArgument), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.descriptorArgument), IGNORE_AMBIGUITIES: true },
      {
        GATE: () => this.isAt(3, T.Table, T.Descriptor),
        ALT: () => {
          this.CONSUME(T.Name)
          this.CONSUME(T.FatArrow)
          this.OR2([
            { ALT: () => this.SUBRULE2(this.tableArgument) },
            { ALT: () => this.SUBRULE2(this.descriptorArgument) },
          ])
        },
      },
      { ALT: () => this.SUBRULE(this.functionArgument) },
    ])
  })

  /** `TABLE t`, `TABLE(t)` or `TABLE(query)` */
  readonly tableArgument = this.RULE('tableArgument', () => {
    this.CONSUME(T.Table)
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen)
          this.OR2([
            { GATE: () => this.isQueryAt(1), ALT: () => this.SUBRULE(this.query) },
            { ALT: () => this.SUBRULE(this.multipartName) },
          ])
          this.CONSUME(T.RParen)
        },
      },
      { ALT: () => this.SUBRULE2(this.multipartName) },
    ])
  })

  /** `DESCRIPTOR(col, …)` */
  readonly descriptorArgument = this.RULE('descriptorArgument', () => {
    this.CONSUME(T.Descriptor)
    this.CONSUME(T.LParen)
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.multipartName) })
    this.CONSUME(T.RParen)
  })

  /** `[AS] name [(col, …)]` */
  readonly tableAlias = this.RULE('tableAlias', () => {
    this.OPTION(() => this.CONSUME(T.As))
    this.CONSUME(T.Name)
    this.OPTION2(() => this.SUBRULE(this.identifierList))
  })

  /** `VALUES row, …` where a row is `(a, b)` or a single expression. */
  readonly values = this.RULE('values', () => {
    this.CONSUME(T.Values)
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) })
    this.OPTION({ GATE: () => this.isAliasAhead(), DEF: () => this.SUBRULE(this.tableAlias) })
  })

  /** `LATERAL VIEW [OUTER] generator(args) table [AS] col, …` */
  readonly lateralView = this.RULE('lateralView', () => {
    this.CONSUME(T.Lateral)
    this.CONSUME(T.View)
    this.OPTION(() => this.CONSUME(T.Outer))
    this.SUBRULE(this.multipartName)
    this.CONSUME(T.LParen)
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) })
    this.CONSUME(T.RParen)
    this.CONSUME(T.Name, { LABEL: 'tableName' })
    this.OPTION2({
      GATE: () => this.isAliasAhead(),
      DEF: () => {
        this.OPTION3(() => this.CONSUME(T.As))
        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Name, { LABEL: 'columnName' }) })
      },
    })
  })
}
