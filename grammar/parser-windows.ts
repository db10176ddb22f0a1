// Grammar rules for window specifications: `OVER w`, `OVER (PARTITION BY … ORDER BY … frame)` and frame bounds.
import type { IOrAlt } from 'chevrotain'
import type { Rule } from './parser-base.js'
import { PrimaryParser } from './parser-primary.js'
import * as T from './tokens.js'

export abstract class WindowParser extends PrimaryParser {
  /** `OVER`'s operand, and a WINDOW clause's definition: a window name, or a parenthesized definition. */
  protected override readonly windowSpec: Rule = this.RULE('windowSpec', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Name) },
      {
        ALT: () => {
          this.CONSUME(T.LParen)
          this.SUBRULE(this.windowDefinition)
          this.CONSUME(T.RParen)
        },
      },
    ])
  })

  /** `[name] [PARTITION BY e, …] [ORDER BY s, …] [frame]`; a lone name (`OVER (w)`) refers to a WINDOW clause. */
  readonly windowDefinition = this.RULE('windowDefinition', () => {
    this.OPTION({ GATE: () => this.isAt(2, T.RParen), DEF: () => this.CONSUME(T.Name, { LABEL: 'reference' }) })
    this.OPTION2(() => {
      this.CONSUME(T.Partition)
      this.CONSUME(T.By)
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'partitionBy' }) })
    })
    this.OPTION3(() => {
      this.CONSUME(T.Order)
      this.CONSUME2(T.By)
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.sortItem) })
    })
    this.OPTION4(() => this.SUBRULE(this.windowFrame))
  })

  /** `ROWS|RANGE bound` or `ROWS|RANGE BETWEEN bound AND bound` */
  readonly windowFrame = this.RULE('windowFrame', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Rows) }, { ALT: () => this.CONSUME(T.RangeKw) }])
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Between)
          this.SUBRULE(this.frameBound)
          this.CONSUME(T.And)
          this.SUBRULE2(this.frameBound)
        },
      },
      { ALT: () => this.SUBRULE3(this.frameBound) },
    ])
  })

  /** `UNBOUNDED PRECEDING|FOLLOWING`, `CURRENT ROW`, or `value PRECEDING|FOLLOWING`. */
  readonly frameBound = this.RULE('frameBound', () => {
    this.OR(
      (this.boundAlternatives ??= [
        {
          GATE: () => this.isAt(2, T.Preceding, T.Following),
          ALT: () => {
            this.CONSUME(T.Unbounded)
            this.SUBRULE(this.boundDirection)
          },
          IGNORE_AMBIGUITIES: true,
        },
        {
          GATE: () => this.isAt(2, T.Row),
          ALT: () => {
            this.CONSUME(T.Current)
            this.CONSUME(T.Row)
          },
          IGNORE_AMBIGUITIES: true,
        },
        {
          ALT: () => {
            this.SUBRULE(this.expression)
            this.SUBRULE2(this.boundDirection)
          },
        },
      ]),
    )
  })
  private boundAlternatives?: IOrAlt<void>[]

  readonly boundDirection = this.RULE('boundDirection', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Preceding) }, { ALT: () => this.CONSUME(T.Following) }])
  })
}
