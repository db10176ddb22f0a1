// Grammar rules for Spark's operator precedence ladder, one rule per level from OR down to postfix operators.
//
// Loosest to tightest (Spark's booleanExpression / predicated / valueExpression / primaryExpression):
//   OR < AND < NOT < predicates (BETWEEN, IN, LIKE, RLIKE, ILIKE, IS …) < comparison (= == <=> <> != < <= > >=)
//   < | < ^ < & < shifts (<< >> >>>) < additive (+ - ||) < multiplicative (* / % DIV) < unary (- + ~)
//   < postfix (.field, [index], ::type) < primary.
// Binary levels are left-associative loops. A predicate applies once, to a whole value expression: `a = b IS NULL`
// is `(a = b) IS NULL`, and predicate operands are value expressions, so `x BETWEEN 1 AND 2 AND y` reads as Spark
// reads it.
import type { DSLMethodOpts, IOrAlt } from 'chevrotain'
import { isLiteralListAt } from './literal-list.js'
import type { Rule } from './parser-base.js'
import { TypesParser } from './parser-types.js'
import * as T from './tokens.js'

export abstract class ExpressionParser extends TypesParser {
  protected abstract readonly primaryExpression: Rule
  protected abstract readonly query: Rule

  /** The OR level; the entry point for any expression. */
  readonly expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression)
    this.MANY(() => {
      this.CONSUME(T.Or)
      this.SUBRULE2(this.andExpression)
    })
  })

  readonly andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression)
    this.MANY(() => {
      this.CONSUME(T.And)
      this.SUBRULE2(this.notExpression)
    })
  })

  /** `NOT x` and `!x` */
  readonly notExpression = this.RULE('notExpression', () => {
    this.OR(
      (this.notAlternatives ??= [
        {
          ALT: () => {
            this.OR2((this.notOperators ??= [{ ALT: () => this.CONSUME(T.Not) }, { ALT: () => this.CONSUME(T.Bang) }]))
            this.SUBRULE(this.notExpression)
          },
        },
        { ALT: () => this.SUBRULE(this.predicated) },
      ]),
    )
  })
  private notAlternatives?: IOrAlt<void>[]
  private notOperators?: IOrAlt<void>[]

  readonly predicated = this.RULE('predicated', () => {
    this.SUBRULE(this.valueExpression)
    this.OPTION(() => this.SUBRULE(this.predicate))
  })

  readonly predicate = this.RULE('predicate', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Is)
          this.OPTION(() => this.CONSUME(T.Not))
          this.OR2([
            { ALT: () => this.CONSUME(T.Null) },
            { ALT: () => this.CONSUME(T.True) },
            { ALT: () => this.CONSUME(T.False) },
            {
              ALT: () => {
                this.CONSUME(T.Distinct)
                this.CONSUME(T.From)
                this.SUBRULE(this.valueExpression)
              },
            },
          ])
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME2(T.Not))
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(T.Between)
                this.SUBRULE2(this.valueExpression, { LABEL: 'low' })
                this.CONSUME(T.And)
                this.SUBRULE3(this.valueExpression, { LABEL: 'high' })
              },
            },
            { ALT: () => this.SUBRULE(this.inList) },
            {
              ALT: () => {
                this.OR4([
                  { ALT: () => this.CONSUME(T.Like) },
                  { ALT: () => this.CONSUME(T.Ilike) },
                  { ALT: () => this.CONSUME(T.Rlike) },
                  { ALT: () => this.CONSUME(T.Regexp) },
                ])
                this.SUBRULE4(this.valueExpression, { LABEL: 'pattern' })
                this.OPTION3(() => {
                  this.CONSUME(T.Escape)
                  this.CONSUME(T.QuotedString)
                })
              },
            },
          ])
        },
      },
    ])
  })

  /** `IN (a, b)` or `IN (SELECT …)`; a long list of plain literals takes the flat `literalList` instead. */
  readonly inList = this.RULE('inList', () => {
    this.CONSUME(T.In)
    this.CONSUME(T.LParen)
    this.OR([
      { GATE: () => this.isQueryAt(1), ALT: () => this.SUBRULE(this.query) },
      {
        GATE: () => isLiteralListAt((k) => this.LA(k)),
        ALT: () => this.SUBRULE(this.literalList),
        IGNORE_AMBIGUITIES: true,
      },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) }) },
    ])
    this.CONSUME(T.RParen)
  })

  /** Integers (a leading minus allowed), strings and NULLs as tokens, not expressions: see `isLiteralListAt`. */
  readonly literalList = this.RULE('literalList', () => {
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.OPTION(() => this.CONSUME(T.Minus))
              this.CONSUME(T.IntegerLiteral)
            },
          },
          { ALT: () => this.CONSUME(T.QuotedString) },
          { ALT: () => this.CONSUME(T.Null) },
        ]),
    })
  })

  /** The comparison level, which Spark calls valueExpression: what predicates and their operands are made of. */
  readonly valueExpression = this.RULE('valueExpression', () => {
    this.SUBRULE(this.bitwiseOrExpression)
    this.MANY(() => {
      this.CONSUME(T.ComparisonOperator)
      this.SUBRULE2(this.bitwiseOrExpression)
    })
  })

  readonly bitwiseOrExpression = this.RULE('bitwiseOrExpression', () => {
    this.SUBRULE(this.bitwiseXorExpression)
    this.MANY(() => {
      this.CONSUME(T.Pipe)
      this.SUBRULE2(this.bitwiseXorExpression)
    })
  })

  readonly bitwiseXorExpression = this.RULE('bitwiseXorExpression', () => {
    this.SUBRULE(this.bitwiseAndExpression)
    this.MANY(() => {
      this.CONSUME(T.Caret)
      this.SUBRULE2(this.bitwiseAndExpression)
    })
  })

  readonly bitwiseAndExpression = this.RULE('bitwiseAndExpression', () => {
    this.SUBRULE(this.shiftExpression)
    this.MANY(() => {
      this.CONSUME(T.Ampersand)
      this.SUBRULE2(this.shiftExpression)
    })
  })

  readonly shiftExpression = this.RULE('shiftExpression', () => {
    this.SUBRULE(this.additiveExpression)
    this.MANY(
      (this.shiftRepetition ??= {
        GATE: () => this.isAt(1, T.ShiftLeft) || this.areAdjacentGts(2),
        DEF: () => {
          this.SUBRULE(this.shiftOperator)
          this.SUBRULE2(this.additiveExpression)
        },
      }),
    )
  })
  private shiftRepetition?: DSLMethodOpts<void>

  /** `<<`, `>>>` or `>>`, the last two as adjacent `>` tokens. */
  readonly shiftOperator = this.RULE('shiftOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ShiftLeft) },
      {
        GATE: () => this.areAdjacentGts(3),
        ALT: () => {
          this.CONSUME(T.Gt)
          this.CONSUME2(T.Gt)
          this.CONSUME3(T.Gt)
        },
      },
      {
        ALT: () => {
          this.CONSUME4(T.Gt)
          this.CONSUME5(T.Gt)
        },
      },
    ])
  })

  readonly additiveExpression = this.RULE('additiveExpression', () => {
    this.SUBRULE(this.multiplicativeExpression)
    this.MANY(() => {
      this.CONSUME(T.AdditiveOperator)
      this.SUBRULE2(this.multiplicativeExpression)
    })
  })

  readonly multiplicativeExpression = this.RULE('multiplicativeExpression', () => {
    this.SUBRULE(this.unaryExpression)
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOperator)
      this.SUBRULE2(this.unaryExpression)
    })
  })

  /** `-x`, `+x`, `~x`. A minus sign directly before a number is part of the literal, as in Spark: `-1::string`
   * casts the literal -1. */
  readonly unaryExpression = this.RULE('unaryExpression', () => {
    this.OR(
      (this.unaryAlternatives ??= [
        { ALT: () => this.SUBRULE(this.postfixExpression), IGNORE_AMBIGUITIES: true },
        {
          ALT: () => {
            this.OR2(
              (this.unaryOperators ??= [
                { ALT: () => this.CONSUME(T.Minus) },
                { ALT: () => this.CONSUME(T.Plus) },
                { ALT: () => this.CONSUME(T.Tilde) },
              ]),
            )
            this.SUBRULE(this.unaryExpression)
          },
        },
      ]),
    )
  })
  private unaryAlternatives?: IOrAlt<void>[]
  private unaryOperators?: IOrAlt<void>[]

  readonly postfixExpression = this.RULE('postfixExpression', () => {
    this.SUBRULE(this.primaryExpression)
    this.MANY(() => this.SUBRULE(this.postfixOperator))
  })

  /** `.field`, `[index]` or `::type` */
  readonly postfixOperator = this.RULE('postfixOperator', () => {
    this.OR(
      (this.postfixAlternatives ??= [
        {
          ALT: () => {
            this.CONSUME(T.Dot)
            this.CONSUME(T.Word)
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket)
            this.SUBRULE(this.expression)
            this.CONSUME(T.RBracket)
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.DoubleColon)
            this.SUBRULE(this.dataType)
          },
        },
      ]),
    )
  })
  private postfixAlternatives?: IOrAlt<void>[]

  /** A select item, `selectExpr` string or `expr()` string: an expression with `AS name`, `AS (k, v)` or a bare
   * name. After AS any word may be the alias (`AS from`); a bare alias must be a non-reserved name. */
  readonly namedExpression = this.RULE('namedExpression', () => {
    this.SUBRULE(this.expression)
    this.OPTION(
      (this.aliasOption ??= {
        GATE: () => this.isAliasAhead(),
        DEF: () => {
          this.OR([
            {
              ALT: () => {
                this.CONSUME(T.As)
                this.OR2([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.SUBRULE(this.identifierList) }])
              },
            },
            { ALT: () => this.CONSUME(T.Name) },
          ])
        },
      }),
    )
  })
  private aliasOption?: DSLMethodOpts<void>
}
