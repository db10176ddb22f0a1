// Grammar rules for data types and column definitions, as written in CAST, `::` and DDL schema strings.
import { ParserBase } from './parser-base.js'
import * as T from './tokens.js'

export abstract class TypesParser extends ParserBase {
  readonly dataType = this.RULE('dataType', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.arrayType) },
      { ALT: () => this.SUBRULE(this.mapType) },
      { ALT: () => this.SUBRULE(this.structType) },
      // Bare `interval` is Spark's calendar interval type, not a type named interval.
      { ALT: () => this.SUBRULE(this.intervalType), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.primitiveType) },
    ])
  })

  /** `array<T>` */
  readonly arrayType = this.RULE('arrayType', () => {
    this.CONSUME(T.ArrayKw)
    this.CONSUME(T.Lt)
    this.SUBRULE(this.dataType)
    this.CONSUME(T.Gt)
  })

  /** `map<K, V>` */
  readonly mapType = this.RULE('mapType', () => {
    this.CONSUME(T.MapKw)
    this.CONSUME(T.Lt)
    this.SUBRULE(this.dataType, { LABEL: 'keyType' })
    this.CONSUME(T.Comma)
    this.SUBRULE2(this.dataType, { LABEL: 'valueType' })
    this.CONSUME(T.Gt)
  })

  /** `struct<a: int, b string NOT NULL COMMENT 'x'>`, and the empty `struct<>` (lexed as `<>`). */
  readonly structType = this.RULE('structType', () => {
    this.CONSUME(T.Struct)
    this.OR([
      { ALT: () => this.CONSUME(T.Neq) },
      {
        ALT: () => {
          this.CONSUME(T.Lt)
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnDefinition) })
          this.CONSUME(T.Gt)
        },
      },
    ])
  })

  /** `interval`, `interval day to second`, `interval year`. */
  readonly intervalType = this.RULE('intervalType', () => {
    this.CONSUME(T.Interval)
    this.OPTION(() => {
      this.CONSUME(T.IntervalUnit)
      this.OPTION2(() => {
        this.CONSUME(T.To)
        this.CONSUME2(T.IntervalUnit)
      })
    })
  })

  /** `int`, `decimal(10, 2)`, `varchar(20)`: any name, checked by the binder. */
  readonly primitiveType = this.RULE('primitiveType', () => {
    this.CONSUME(T.Name)
    this.OPTION(() => {
      this.CONSUME(T.LParen)
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.IntegerLiteral) })
      this.CONSUME(T.RParen)
    })
  })

  /** `name [:] type [NOT NULL] [COMMENT 'text']`: a struct field or a table column. Any word can name it. */
  readonly columnDefinition = this.RULE('columnDefinition', () => {
    this.CONSUME(T.Word)
    this.OPTION(() => this.CONSUME(T.Colon))
    this.SUBRULE(this.dataType)
    this.OPTION2(() => {
      this.CONSUME(T.Not)
      this.CONSUME(T.Null)
    })
    this.OPTION3(() => {
      this.CONSUME(T.Comment)
      this.CONSUME(T.QuotedString)
    })
  })

  readonly columnDefinitionList = this.RULE('columnDefinitionList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnDefinition) })
  })
}
