// The root of the grammar's class chain: parser configuration, the rules for names, and the hand-written gates
// that look further ahead than LL(k) where Spark's grammar relies on ANTLR's unbounded prediction.
//
// The grammar is split by construct into a chain of classes, each adding one family of rules:
//   ParserBase → TypesParser (data types) → ExpressionParser (operator precedence) → PrimaryParser (operands)
//   → RelationParser (FROM) → QueryParser (SELECT, set operations) → SqlParser (statements, entry rules).
// A layer refers to rules of later layers through abstract members; Chevrotain records the grammar only when the
// final class calls performSelfAnalysis(), once every rule field exists.
//
// Rules on the path every operand takes (the precedence ladder down to primary expressions) keep their OR
// alternatives and gated repetitions in fields built on first use (`this.x ??= […]`), Chevrotain's documented
// optimisation: otherwise each call allocates a dozen objects and closures, which costs more than the matching.
import { type CstNode, CstParser, type IToken, type ParserMethod, type TokenType, tokenMatcher } from 'chevrotain'
import { errorMessageProvider } from './error-reporting.js'
import * as T from './tokens.js'

export type Rule = ParserMethod<[], CstNode>

export interface ParserOptions {
  /** Run Chevrotain's grammar checks (ambiguities, left recursion) while building: slower, meant for tests. */
  readonly validate?: boolean
}

export abstract class ParserBase extends CstParser {
  constructor(options: ParserOptions = {}) {
    super(T.allTokens, {
      // Stop at the first error: a syntax error is reported, never repaired into a partial tree.
      recoveryEnabled: false,
      // LL(2); the few places that need more look further with gates.
      maxLookahead: 2,
      nodeLocationTracking: 'full',
      errorMessageProvider,
      skipValidations: !options.validate,
    })
  }

  /** `a`, `db.t`, `` `my db`.`select` ``: the first part a Name, later parts any Word. */
  readonly multipartName = this.RULE('multipartName', () => {
    this.CONSUME(T.Name)
    this.MANY(() => {
      this.CONSUME(T.Dot)
      this.CONSUME(T.Word)
    })
  })

  /** `(a, b, c)` */
  readonly identifierList = this.RULE('identifierList', () => {
    this.CONSUME(T.LParen)
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) })
    this.CONSUME(T.RParen)
  })

  // ── Gates ──────────────────────────────────────────────────────────────────────────────────────────────────

  protected isAt(k: number, ...types: TokenType[]): boolean {
    const token = this.LA(k)
    return types.some((type) => tokenMatcher(token, type))
  }

  /** A subquery starts here: `(SELECT …`, `(WITH …`, `(VALUES …`. A query that itself starts with `(` is taken
   * for an expression, so `((SELECT 1) UNION (SELECT 2))` needs a relation or statement context. */
  protected isQueryAt(k: number): boolean {
    return this.isAt(k, T.Select, T.With, T.Values)
  }

  /**
   * An alias may start here: `AS`, or a Name that does not open an OFFSET, WINDOW, `SORT BY`, `CLUSTER BY` or
   * `DISTRIBUTE BY` clause.
   */
  protected isAliasAhead(): boolean {
    if (this.isAt(1, T.As)) return true
    if (!this.isAt(1, T.Name) || this.isAt(1, T.Offset)) return false
    // `WINDOW w AS (…)` opens a WINDOW clause.
    if (this.isAt(1, T.WindowKw) && this.isAt(3, T.As)) return false
    // `PIVOT (…)` opens a pivot clause; `FOR col IN` / `FOR (a, b) IN` ends its aggregates.
    if (this.isAt(1, T.Pivot) && this.isAt(2, T.LParen)) return false
    if (this.isAt(1, T.For) && (this.isAt(2, T.LParen) || this.isAt(3, T.In))) return false
    return !(this.isAt(1, T.Sort, T.Cluster, T.Distribute) && this.isAt(2, T.By))
  }

  /** `x ->` or `(x, y) ->` */
  protected isLambdaAhead(): boolean {
    if (this.isAt(1, T.Name)) return this.isAt(2, T.Arrow)
    if (!this.isAt(1, T.LParen)) return false
    let k = 2
    for (;;) {
      if (!this.isAt(k, T.Name)) return false
      if (this.isAt(k + 1, T.RParen)) return this.isAt(k + 2, T.Arrow)
      if (!this.isAt(k + 1, T.Comma)) return false
      k += 2
    }
  }

  /** `>>` and `>>>` are adjacent `>` tokens (the lexer never joins them, for the sake of `array<array<int>>`). */
  protected areAdjacentGts(count: number): boolean {
    let previous: IToken | undefined
    for (let k = 1; k <= count; k++) {
      const token = this.LA(k)
      if (!tokenMatcher(token, T.Gt)) return false
      if (previous && (previous.endOffset ?? previous.startOffset) + 1 !== token.startOffset) return false
      previous = token
    }
    return true
  }
}
