// Grammar rules for primary expressions: literals, names and function calls, and Spark's special syntactic forms.
//
// Several special forms start with a non-reserved keyword (`extract(…)`, `position(…)`, `try_cast(…)`), so they
// overlap an ordinary function call of that name. They are listed first and win, as in Spark; their rules also
// accept the plain comma-separated call (`substring(s, 1, 2)`).
import type { DSLMethodOpts, IOrAlt } from 'chevrotain'
import type { Rule } from './parser-base.js'
import { ExpressionParser } from './parser-expressions.js'
import * as T from './tokens.js'

export abstract class PrimaryParser extends ExpressionParser {
  protected abstract readonly windowSpec: Rule
  protected abstract readonly sortItem: Rule

  protected override readonly primaryExpression: Rule = this.RULE('primaryExpression', () => {
    this.OR(
      (this.primaryAlternatives ??= [
        { ALT: () => this.SUBRULE(this.constant) },
        { ALT: () => this.SUBRULE(this.typedLiteral) },
        {
          // `INTERVAL -'1' YEAR`: a sign before the value needs a third token to tell it from `interval - x`.
          GATE: () => !this.isAt(2, T.Minus, T.Plus) || this.isAt(3, T.QuotedString, T.NumberLiteral),
          ALT: () => this.SUBRULE(this.intervalLiteral),
          IGNORE_AMBIGUITIES: true,
        },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.SUBRULE(this.caseExpression) },
        this.specialForm(this.castExpression),
        this.specialForm(this.extractExpression),
        this.specialForm(this.substringExpression),
        this.specialForm(this.trimExpression),
        this.specialForm(this.positionExpression),
        { ALT: () => this.SUBRULE(this.currentDatetime) },
        {
          GATE: () => this.isAt(2, T.LParen) && this.isQueryAt(3),
          ALT: () => this.SUBRULE(this.existsExpression),
        },
        { ALT: () => this.SUBRULE(this.parenthesizedExpression) },
        {
          ALT: () => {
            this.CONSUME(T.ReservedFunctionName)
            this.SUBRULE(this.functionArguments)
          },
        },
        { ALT: () => this.SUBRULE(this.nameExpression) },
      ]),
    )
  })
  private primaryAlternatives?: IOrAlt<void>[]

  /** A special form wins over an ordinary call of the same name, so its overlap with `nameExpression` is fine. */
  private readonly specialForm = (rule: Rule): IOrAlt<void> => ({
    ALT: () => this.SUBRULE(rule),
    IGNORE_AMBIGUITIES: true,
  })

  /** NULL, TRUE, FALSE, numbers (a leading minus included), adjacent strings, `X'…'`. */
  readonly constant = this.RULE('constant', () => {
    this.OR(
      (this.constantAlternatives ??= [
        { ALT: () => this.CONSUME(T.Null) },
        { ALT: () => this.CONSUME(T.True) },
        { ALT: () => this.CONSUME(T.False) },
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(T.Minus))
            this.CONSUME(T.NumberLiteral)
          },
        },
        { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.QuotedString)) },
        { ALT: () => this.CONSUME(T.BinaryLiteral) },
      ]),
    )
  })
  private constantAlternatives?: IOrAlt<void>[]

  /** `DATE '…'`, `TIMESTAMP '…'`, `TIMESTAMP_NTZ '…'`, `TIMESTAMP_LTZ '…'` */
  readonly typedLiteral = this.RULE('typedLiteral', () => {
    this.CONSUME(T.TypedLiteralKeyword)
    this.CONSUME(T.QuotedString)
  })

  /** `INTERVAL '10 seconds'`, `INTERVAL 10 SECONDS`, `INTERVAL '1' HOUR '30' MINUTE`, `INTERVAL '1 2' DAY TO HOUR`.
   * A number always needs a unit; only a string may carry its units inside. */
  readonly intervalLiteral = this.RULE('intervalLiteral', () => {
    this.CONSUME(T.Interval)
    this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]))
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.QuotedString)
          this.OPTION(() => this.SUBRULE(this.intervalUnits))
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral)
          this.SUBRULE2(this.intervalUnits)
        },
      },
    ])
  })

  /** The units after an interval's first value: `DAY TO HOUR`, or `HOUR '30' MINUTE 5 SECONDS …`. */
  readonly intervalUnits = this.RULE('intervalUnits', () => {
    this.CONSUME(T.IntervalUnit)
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.To)
          this.CONSUME2(T.IntervalUnit)
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.OPTION(() => this.OR4([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]))
            this.OR2([{ ALT: () => this.CONSUME(T.QuotedString) }, { ALT: () => this.CONSUME(T.NumberLiteral) }])
            this.CONSUME3(T.IntervalUnit)
          }),
      },
    ])
  })

  /** `CASE [operand] WHEN … THEN … [ELSE …] END` */
  readonly caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(T.Case)
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'operand' }))
    this.AT_LEAST_ONE(() => this.SUBRULE(this.whenClause))
    this.OPTION2(() => {
      this.CONSUME(T.Else)
      this.SUBRULE2(this.expression, { LABEL: 'elseValue' })
    })
    this.CONSUME(T.End)
  })

  readonly whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When)
    this.SUBRULE(this.expression, { LABEL: 'condition' })
    this.CONSUME(T.Then)
    this.SUBRULE2(this.expression, { LABEL: 'result' })
  })

  /** `CAST(x AS type)`, `TRY_CAST(x AS type)` */
  readonly castExpression = this.RULE('castExpression', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Cast) }, { ALT: () => this.CONSUME(T.TryCast) }])
    this.CONSUME(T.LParen)
    this.SUBRULE(this.expression)
    this.CONSUME(T.As)
    this.SUBRULE(this.dataType)
    this.CONSUME(T.RParen)
  })

  /** `EXTRACT(field FROM source)` */
  readonly extractExpression = this.RULE('extractExpression', () => {
    this.CONSUME(T.Extract)
    this.CONSUME(T.LParen)
    this.CONSUME(T.Name)
    this.CONSUME(T.From)
    this.SUBRULE(this.valueExpression)
    this.CONSUME(T.RParen)
  })

  /** `SUBSTRING(s FROM pos [FOR len])` or `SUBSTRING(s, pos[, len])`, also spelled SUBSTR. */
  readonly substringExpression = this.RULE('substringExpression', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Substring) }, { ALT: () => this.CONSUME(T.Substr) }])
    this.CONSUME(T.LParen)
    this.SUBRULE(this.valueExpression)
    this.OR2([{ ALT: () => this.CONSUME(T.From) }, { ALT: () => this.CONSUME(T.Comma) }])
    this.SUBRULE2(this.valueExpression)
    this.OPTION(() => {
      this.OR3([{ ALT: () => this.CONSUME(T.For) }, { ALT: () => this.CONSUME2(T.Comma) }])
      this.SUBRULE3(this.valueExpression)
    })
    this.CONSUME(T.RParen)
  })

  /** `TRIM([BOTH|LEADING|TRAILING] [chars] FROM source)`, or the plain call `trim(s)`. */
  readonly trimExpression = this.RULE('trimExpression', () => {
    this.CONSUME(T.Trim)
    this.CONSUME(T.LParen)
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Both) },
            { ALT: () => this.CONSUME(T.Leading) },
            { ALT: () => this.CONSUME(T.Trailing) },
          ])
          this.OPTION(() => this.SUBRULE(this.valueExpression))
          this.CONSUME(T.From)
          this.SUBRULE2(this.valueExpression)
        },
      },
      {
        ALT: () => {
          this.SUBRULE3(this.valueExpression)
          this.OR3([
            {
              ALT: () => {
                this.CONSUME2(T.From)
                this.SUBRULE4(this.valueExpression)
              },
            },
            {
              ALT: () =>
                this.MANY(() => {
                  this.CONSUME(T.Comma)
                  this.SUBRULE(this.expression)
                }),
            },
          ])
        },
      },
    ])
    this.CONSUME(T.RParen)
  })

  /** `POSITION(substr IN str)`, or the plain call `position(substr, str[, pos])`. */
  readonly positionExpression = this.RULE('positionExpression', () => {
    this.CONSUME(T.Position)
    this.CONSUME(T.LParen)
    this.SUBRULE(this.valueExpression)
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.In)
          this.SUBRULE2(this.valueExpression)
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(T.Comma)
            this.SUBRULE(this.expression)
          }),
      },
    ])
    this.CONSUME(T.RParen)
  })

  /** `CURRENT_DATE`, `CURRENT_TIMESTAMP`, with or without `()` */
  readonly currentDatetime = this.RULE('currentDatetime', () => {
    this.OR([{ ALT: () => this.CONSUME(T.CurrentDate) }, { ALT: () => this.CONSUME(T.CurrentTimestamp) }])
    this.OPTION(() => {
      this.CONSUME(T.LParen)
      this.CONSUME(T.RParen)
    })
  })

  /** `EXISTS (query)`; `exists(array, x -> …)` is the higher-order function. */
  readonly existsExpression = this.RULE('existsExpression', () => {
    this.CONSUME(T.Exists)
    this.CONSUME(T.LParen)
    this.SUBRULE(this.query)
    this.CONSUME(T.RParen)
  })

  /** `(expr)`, a row `(a, b)`, or a scalar subquery `(SELECT …)`. */
  readonly parenthesizedExpression = this.RULE('parenthesizedExpression', () => {
    this.CONSUME(T.LParen)
    this.OR(
      (this.parenthesizedAlternatives ??= [
        { GATE: () => this.isQueryAt(1), ALT: () => this.SUBRULE(this.query) },
        { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.aliasableExpression) }) },
      ]),
    )
    this.CONSUME(T.RParen)
  })
  private parenthesizedAlternatives?: IOrAlt<void>[]

  /** An expression with an optional `AS name`: a field of a row constructor `(a AS x, b AS y)` or of STRUCT(…). */
  readonly aliasableExpression = this.RULE('aliasableExpression', () => {
    this.SUBRULE(this.expression)
    this.OPTION(() => {
      this.CONSUME(T.As)
      this.CONSUME(T.Word)
    })
  })

  /** `a`, `t.a.b`, `t.*`, or a call `f(…)` / `db.f(…)`. The dotted parts stay together for the binder. */
  readonly nameExpression = this.RULE('nameExpression', () => {
    this.CONSUME(T.Name)
    this.MANY(
      (this.namePartRepetition ??= {
        GATE: () => this.isAt(1, T.Dot) && this.isAt(2, T.Word),
        DEF: () => {
          this.CONSUME(T.Dot)
          this.CONSUME(T.Word)
        },
      }),
    )
    this.OPTION(() => {
      this.OR(
        (this.nameSuffixAlternatives ??= [
          {
            ALT: () => {
              this.CONSUME2(T.Dot)
              this.CONSUME(T.Star)
            },
          },
          { ALT: () => this.SUBRULE(this.functionArguments) },
        ]),
      )
    })
  })
  private namePartRepetition?: DSLMethodOpts<void>
  private nameSuffixAlternatives?: IOrAlt<void>[]

  /** `([DISTINCT|ALL] arg, …) [FILTER (WHERE cond)] [IGNORE|RESPECT NULLS] [OVER window]` */
  readonly functionArguments = this.RULE('functionArguments', () => {
    this.CONSUME(T.LParen)
    this.OPTION(() => {
      this.OPTION2(() => {
        this.OR([{ ALT: () => this.CONSUME(T.Distinct) }, { ALT: () => this.CONSUME(T.All) }])
      })
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.functionArgument) })
    })
    this.CONSUME(T.RParen)
    this.OPTION6(
      (this.withinGroupOption ??= {
        GATE: () => this.isAt(2, T.Group),
        DEF: () => {
          this.CONSUME(T.Within)
          this.CONSUME(T.Group)
          this.CONSUME3(T.LParen)
          this.CONSUME(T.Order)
          this.CONSUME(T.By)
          this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.sortItem, { LABEL: 'withinGroup' }) })
          this.CONSUME3(T.RParen)
        },
      }),
    )
    this.OPTION3(
      (this.filterOption ??= {
        GATE: () => this.isAt(2, T.LParen),
        DEF: () => {
          this.CONSUME(T.Filter)
          this.CONSUME2(T.LParen)
          this.CONSUME(T.Where)
          this.SUBRULE(this.expression)
          this.CONSUME2(T.RParen)
        },
      }),
    )
    this.OPTION4(
      (this.nullsOption ??= {
        GATE: () => this.isAt(2, T.Nulls),
        DEF: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Ignore) }, { ALT: () => this.CONSUME(T.Respect) }])
          this.CONSUME(T.Nulls)
        },
      }),
    )
    this.OPTION5(
      (this.overOption ??= {
        GATE: () => this.isAt(2, T.LParen, T.Name),
        DEF: () => {
          this.CONSUME(T.Over)
          this.SUBRULE(this.windowSpec)
        },
      }),
    )
  })
  private withinGroupOption?: DSLMethodOpts<void>
  private filterOption?: DSLMethodOpts<void>
  private nullsOption?: DSLMethodOpts<void>
  private overOption?: DSLMethodOpts<void>

  /** An argument: a lambda `x -> …` / `(x, y) -> …`, a named argument `name => value`, or an expression. */
  readonly functionArgument = this.RULE('functionArgument', () => {
    this.OR(
      (this.argumentAlternatives ??= [
        { GATE: () => this.isLambdaAhead(), ALT: () => this.SUBRULE(this.lambda) },
        { ALT: () => this.SUBRULE(this.namedArgument) },
        { ALT: () => this.SUBRULE(this.aliasableExpression) },
      ]),
    )
  })
  private argumentAlternatives?: IOrAlt<void>[]

  readonly lambda = this.RULE('lambda', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.SUBRULE(this.identifierList) }])
    this.CONSUME(T.Arrow)
    this.SUBRULE(this.expression)
  })

  readonly namedArgument = this.RULE('namedArgument', () => {
    this.CONSUME(T.Name)
    this.CONSUME(T.FatArrow)
    this.SUBRULE(this.expression)
  })
}
