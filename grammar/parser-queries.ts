// Grammar rules for queries: CTEs, SELECT blocks, set operations (INTERSECT binding tighter than UNION, EXCEPT and
// MINUS), GROUP BY, and the ORDER BY / SORT BY / CLUSTER BY / DISTRIBUTE BY / LIMIT / OFFSET that close a query.
import type { Rule } from './parser-base.js'
import { RelationParser } from './parser-relations.js'
import * as T from './tokens.js'

export abstract class QueryParser extends RelationParser {
  protected override readonly query: Rule = this.RULE('query', () => {
    this.OPTION(() => {
      this.CONSUME(T.With)
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.cte) })
    })
    this.SUBRULE(this.unionTerm)
    this.SUBRULE(this.queryOrganization)
  })

  /** `name [(cols)] [AS] (query)` */
  readonly cte = this.RULE('cte', () => {
    this.CONSUME(T.Name)
    this.OPTION(() => this.SUBRULE(this.identifierList))
    this.OPTION2(() => this.CONSUME(T.As))
    this.CONSUME(T.LParen)
    this.SUBRULE(this.query)
    this.CONSUME(T.RParen)
  })

  readonly unionTerm = this.RULE('unionTerm', () => {
    this.SUBRULE(this.intersectTerm)
    this.MANY(() => {
      this.SUBRULE(this.unionOperator)
      this.SUBRULE2(this.intersectTerm)
    })
  })

  /** `UNION|EXCEPT|MINUS [DISTINCT|ALL]` */
  readonly unionOperator = this.RULE('unionOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Union) },
      { ALT: () => this.CONSUME(T.Except) },
      { ALT: () => this.CONSUME(T.SetMinus) },
    ])
    this.OPTION(() => this.SUBRULE(this.setQuantifier))
  })

  readonly intersectTerm = this.RULE('intersectTerm', () => {
    this.SUBRULE(this.queryPrimary)
    this.MANY(() => {
      this.SUBRULE(this.intersectOperator)
      this.SUBRULE2(this.queryPrimary)
    })
  })

  /** `INTERSECT [DISTINCT|ALL]` */
  readonly intersectOperator = this.RULE('intersectOperator', () => {
    this.CONSUME(T.Intersect)
    this.OPTION(() => this.SUBRULE(this.setQuantifier))
  })

  readonly setQuantifier = this.RULE('setQuantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Distinct) }, { ALT: () => this.CONSUME(T.All) }])
  })

  readonly queryPrimary = this.RULE('queryPrimary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.querySpecification) },
      { ALT: () => this.SUBRULE(this.values) },
      {
        ALT: () => {
          this.CONSUME(T.Table)
          this.SUBRULE(this.multipartName)
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen)
          this.SUBRULE(this.query)
          this.CONSUME(T.RParen)
        },
      },
    ])
  })

  /** `SELECT [DISTINCT|ALL] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …]` */
  readonly querySpecification = this.RULE('querySpecification', () => {
    this.CONSUME(T.Select)
    this.OPTION(() => this.SUBRULE(this.setQuantifier))
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression) })
    this.OPTION2(() => this.SUBRULE(this.fromClause))
    this.OPTION3(() => {
      this.CONSUME(T.Where)
      this.SUBRULE(this.expression, { LABEL: 'where' })
    })
    this.OPTION4(() => this.SUBRULE(this.groupByClause))
    this.OPTION5(() => {
      this.CONSUME(T.Having)
      this.SUBRULE2(this.expression, { LABEL: 'having' })
    })
    this.OPTION6({
      GATE: () => this.isAt(3, T.As),
      DEF: () => {
        this.CONSUME(T.WindowKw)
        this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedWindow) })
      },
    })
  })

  /** `name AS windowSpec` in a WINDOW clause. */
  readonly namedWindow = this.RULE('namedWindow', () => {
    this.CONSUME(T.Name)
    this.CONSUME(T.As)
    this.SUBRULE(this.windowSpec)
  })

  /** `GROUP BY ALL`, or `GROUP BY item, … [WITH ROLLUP|CUBE | GROUPING SETS (set, …)]` */
  readonly groupByClause = this.RULE('groupByClause', () => {
    this.CONSUME(T.Group)
    this.CONSUME(T.By)
    this.OR([
      { ALT: () => this.CONSUME(T.All) },
      {
        ALT: () => {
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.groupingItem) })
          this.OPTION(() => {
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(T.With)
                  this.OR2([{ ALT: () => this.CONSUME(T.Rollup) }, { ALT: () => this.CONSUME(T.Cube) }])
                },
              },
              // The legacy `GROUP BY a, b GROUPING SETS ((a), (b))`.
              {
                ALT: () => {
                  this.CONSUME(T.Grouping)
                  this.CONSUME(T.Sets)
                  this.CONSUME(T.LParen)
                  this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.groupingSet) })
                  this.CONSUME(T.RParen)
                },
              },
            ])
          })
        },
      },
    ])
  })

  readonly groupingItem = this.RULE('groupingItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.groupingAnalytics), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.expression) },
    ])
  })

  /** `ROLLUP(set, …)`, `CUBE(set, …)`, `GROUPING SETS(set, …)` */
  readonly groupingAnalytics = this.RULE('groupingAnalytics', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Rollup) },
      { ALT: () => this.CONSUME(T.Cube) },
      {
        ALT: () => {
          this.CONSUME(T.Grouping)
          this.CONSUME(T.Sets)
        },
      },
    ])
    this.CONSUME(T.LParen)
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.groupingSet) })
    this.CONSUME(T.RParen)
  })

  /** `(a, b)`, `()` or `a` */
  readonly groupingSet = this.RULE('groupingSet', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen)
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) })
          this.CONSUME(T.RParen)
        },
        IGNORE_AMBIGUITIES: true,
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ])
  })

  /** The clauses that apply to a whole query, set operations included. */
  readonly queryOrganization = this.RULE('queryOrganization', () => {
    this.OPTION(() => {
      this.CONSUME(T.Order)
      this.CONSUME(T.By)
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.sortItem, { LABEL: 'orderBy' }) })
    })
    this.OPTION2(() => {
      this.CONSUME(T.Cluster)
      this.CONSUME2(T.By)
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'clusterBy' }) })
    })
    this.OPTION3(() => {
      this.CONSUME(T.Distribute)
      this.CONSUME3(T.By)
      this.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.expression, { LABEL: 'distributeBy' }) })
    })
    this.OPTION4(() => {
      this.CONSUME(T.Sort)
      this.CONSUME4(T.By)
      this.AT_LEAST_ONE_SEP4({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.sortItem, { LABEL: 'sortBy' }) })
    })
    this.OPTION5(() => {
      this.CONSUME(T.Limit)
      this.OR([{ ALT: () => this.CONSUME(T.All) }, { ALT: () => this.SUBRULE3(this.expression, { LABEL: 'limit' }) }])
    })
    this.OPTION6(() => {
      this.CONSUME(T.Offset)
      this.SUBRULE4(this.expression, { LABEL: 'offset' })
    })
  })

  /** `expr [ASC|DESC] [NULLS FIRST|LAST]` */
  protected override readonly sortItem: Rule = this.RULE('sortItem', () => {
    this.SUBRULE(this.expression)
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }])
    })
    this.OPTION2(() => {
      this.CONSUME(T.Nulls)
      this.OR2([{ ALT: () => this.CONSUME(T.First) }, { ALT: () => this.CONSUME(T.Last) }])
    })
  })
}
