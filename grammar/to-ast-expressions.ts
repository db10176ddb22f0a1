// CST-to-AST conversion of expressions: the operator ladder, predicates, and every primary form.
import type { IToken } from 'chevrotain'
import type {
  BinaryOperator,
  Case,
  Cast,
  Expr,
  Extract,
  FunctionCall,
  IntervalLiteral,
  IntervalPart,
  IntervalUnitName,
  Lambda,
  Literal,
  LiteralList,
  Loc,
  NamedArgument,
  NamedExpr,
  Query,
  SortItem,
  Trim,
  TypedLiteral,
  WhenClause,
  WindowSpecAst,
} from './ast.js'
import {
  type Children,
  has,
  inSourceOrder,
  node,
  nodeLoc,
  nodes,
  optionalNode,
  optionalToken,
  soleNode,
  span,
  token,
  tokens,
} from './cst-reading.js'
import { errorAtToken } from './error-reporting.js'
import { literalListOf } from './literal-list.js'
import { intervalUnit, numericValue, stringValue } from './literals.js'
import { BALANCED_FROM, balanced } from './operator-chain.js'
import { AstBuilderBase } from './to-ast-base.js'

/** Applies a predicate or postfix operator to the expression before it, whose source starts at `start`. */
type Suffix = (value: Expr, start: Loc) => Expr

interface FunctionTail {
  readonly args: readonly Expr[]
  readonly distinct: boolean
  readonly filter?: Expr
  readonly withinGroup?: readonly SortItem[]
  readonly ignoreNulls?: boolean
  readonly over?: WindowSpecAst
}

interface IntervalTail {
  readonly units: readonly IntervalUnitName[]
  readonly values: readonly string[]
  readonly isRange: boolean
}

const canonicalOperators: Record<string, BinaryOperator> = { '==': '=', '<>': '!=' }

export abstract class ExpressionAstBuilder extends AstBuilderBase {
  protected abstract query(ctx: Children, loc: Loc): Query

  // ── Operator ladder ────────────────────────────────────────────────────────────────────────────────────────

  /** A left-associative level, `operand (operator operand)*`; most levels of most expressions have one operand. */
  private binary(ctx: Children, operandKey: string, operators: () => readonly BinaryOperator[]): Expr {
    const operands = nodes(ctx, operandKey)
    const [first] = operands
    if (first && operands.length === 1) return this.expr(first)
    const ops = operators()
    if (operands.length > BALANCED_FROM && (ops[0] === 'or' || ops[0] === 'and')) {
      return balanced(this.exprs(operands), ops[0])
    }
    return this.foldLeft<Expr, BinaryOperator>(operands, ops, (left, op, right, loc) => ({
      kind: 'BinaryOp',
      op,
      left,
      right,
      loc,
    }))
  }

  /** Operator tokens as canonical operators: `==` is `=`, `<>` is `!=`, `DIV` is `div`. */
  private operators(ctx: Children, key: string): () => BinaryOperator[] {
    return () =>
      tokens(ctx, key).map((op) => canonicalOperators[op.image] ?? (op.image.toLowerCase() as BinaryOperator))
  }

  expression(ctx: Children): Expr {
    return this.binary(ctx, 'andExpression', () => tokens(ctx, 'Or').map(() => 'or'))
  }

  andExpression(ctx: Children): Expr {
    return this.binary(ctx, 'notExpression', () => tokens(ctx, 'And').map(() => 'and'))
  }

  notExpression(ctx: Children, loc: Loc): Expr {
    const operand = optionalNode(ctx, 'notExpression')
    return operand ? { kind: 'Not', operand: this.expr(operand), loc } : this.expr(node(ctx, 'predicated'))
  }

  predicated(ctx: Children): Expr {
    const valueNode = node(ctx, 'valueExpression')
    const value = this.expr(valueNode)
    const predicate = optionalNode(ctx, 'predicate')
    return predicate ? this.ast<Suffix>(predicate)(value, nodeLoc(valueNode)) : value
  }

  predicate(ctx: Children, loc: Loc): Suffix {
    const negated = has(ctx, 'Not')
    return (value, start) => {
      const at = span(start, loc)
      if (has(ctx, 'Null')) return { kind: 'IsNull', value, negated, loc: at }
      if (has(ctx, 'True') || has(ctx, 'False')) {
        return { kind: 'IsBoolean', value, target: has(ctx, 'True'), negated, loc: at }
      }
      if (has(ctx, 'Distinct')) {
        return { kind: 'IsDistinctFrom', left: value, right: this.expr(node(ctx, 'valueExpression')), negated, loc: at }
      }
      if (has(ctx, 'Between')) {
        const low = this.expr(node(ctx, 'low'))
        return { kind: 'Between', value, low, high: this.expr(node(ctx, 'high')), negated, loc: at }
      }
      const inList = optionalNode(ctx, 'inList')
      if (inList) {
        const list = this.ast<{ query?: Query; list?: Expr[]; literals?: LiteralList }>(inList)
        if (list.literals) return { kind: 'InLiterals', value, list: list.literals, negated, loc: at }
        return list.query
          ? { kind: 'InSubquery', value, query: list.query, negated, loc: at }
          : { kind: 'In', value, list: list.list ?? [], negated, loc: at }
      }
      const op = has(ctx, 'Like') ? 'like' : has(ctx, 'Ilike') ? 'ilike' : 'rlike'
      const escapeChar = optionalToken(ctx, 'QuotedString')
      return {
        kind: 'Like',
        op,
        value,
        pattern: this.expr(node(ctx, 'pattern')),
        ...(escapeChar && { escape: stringValue(escapeChar) }),
        negated,
        loc: at,
      }
    }
  }

  inList(ctx: Children): { query?: Query; list?: Expr[]; literals?: LiteralList } {
    const literals = optionalNode(ctx, 'literalList')
    if (literals) return { literals: this.ast<LiteralList>(literals) }
    const query = optionalNode(ctx, 'query')
    return query ? { query: this.ast<Query>(query) } : { list: this.exprs(nodes(ctx, 'expression')) }
  }

  literalList(ctx: Children): LiteralList {
    return literalListOf(ctx)
  }

  valueExpression(ctx: Children): Expr {
    return this.binary(ctx, 'bitwiseOrExpression', this.operators(ctx, 'ComparisonOperator'))
  }

  bitwiseOrExpression(ctx: Children): Expr {
    return this.binary(ctx, 'bitwiseXorExpression', this.operators(ctx, 'Pipe'))
  }

  bitwiseXorExpression(ctx: Children): Expr {
    return this.binary(ctx, 'bitwiseAndExpression', this.operators(ctx, 'Caret'))
  }

  bitwiseAndExpression(ctx: Children): Expr {
    return this.binary(ctx, 'shiftExpression', this.operators(ctx, 'Ampersand'))
  }

  shiftExpression(ctx: Children): Expr {
    return this.binary(ctx, 'additiveExpression', () =>
      nodes(ctx, 'shiftOperator').map((op) => this.ast<BinaryOperator>(op)),
    )
  }

  shiftOperator(ctx: Children): BinaryOperator {
    if (has(ctx, 'ShiftLeft')) return '<<'
    return tokens(ctx, 'Gt').length === 3 ? '>>>' : '>>'
  }

  additiveExpression(ctx: Children): Expr {
    return this.binary(ctx, 'multiplicativeExpression', this.operators(ctx, 'AdditiveOperator'))
  }

  multiplicativeExpression(ctx: Children): Expr {
    return this.binary(ctx, 'unaryExpression', this.operators(ctx, 'MultiplicativeOperator'))
  }

  unaryExpression(ctx: Children, loc: Loc): Expr {
    const postfix = optionalNode(ctx, 'postfixExpression')
    if (postfix) return this.expr(postfix)
    const op = (optionalToken(ctx, 'Minus') ?? optionalToken(ctx, 'Plus') ?? token(ctx, 'Tilde')).image
    return { kind: 'UnaryOp', op: op as '-' | '+' | '~', operand: this.expr(node(ctx, 'unaryExpression')), loc }
  }

  postfixExpression(ctx: Children): Expr {
    const primary = node(ctx, 'primaryExpression')
    const start = nodeLoc(primary)
    return nodes(ctx, 'postfixOperator').reduce((value, op) => this.ast<Suffix>(op)(value, start), this.expr(primary))
  }

  postfixOperator(ctx: Children, loc: Loc): Suffix {
    return (value, start) => {
      const at = span(start, loc)
      const field = optionalToken(ctx, 'Word')
      if (field) return { kind: 'FieldAccess', value, field: this.name(field), loc: at }
      const index = optionalNode(ctx, 'expression')
      if (index) return { kind: 'Subscript', value, index: this.expr(index), loc: at }
      return { kind: 'Cast', value, dataType: this.ast(node(ctx, 'dataType')), try: false, loc: at }
    }
  }

  namedExpression(ctx: Children, loc: Loc): NamedExpr {
    const expr = this.expr(node(ctx, 'expression'))
    const alias = optionalToken(ctx, 'Word') ?? optionalToken(ctx, 'Name')
    const aliases = optionalNode(ctx, 'identifierList')
    return {
      kind: 'NamedExpr',
      expr,
      ...(alias && { alias: this.name(alias) }),
      ...(aliases && { aliases: this.ast<string[]>(aliases) }),
      loc,
    }
  }

  // ── Primary expressions ────────────────────────────────────────────────────────────────────────────────────

  primaryExpression(ctx: Children, loc: Loc): Expr {
    if (has(ctx, 'Star')) return { kind: 'Star', qualifier: [], loc }
    const reservedName = optionalToken(ctx, 'ReservedFunctionName')
    if (reservedName) return this.call([reservedName.image], this.ast(node(ctx, 'functionArguments')), loc)
    return this.expr(soleNode(ctx))
  }

  private call(name: readonly string[], tail: FunctionTail, loc: Loc): FunctionCall {
    return { kind: 'FunctionCall', name, ...tail, loc }
  }

  private plainCall(nameToken: IToken, args: readonly Expr[], loc: Loc): FunctionCall {
    return this.call([nameToken.image], { args, distinct: false }, loc)
  }

  constant(ctx: Children, loc: Loc): Literal {
    if (has(ctx, 'Null')) return { kind: 'NullLiteral', loc }
    if (has(ctx, 'True') || has(ctx, 'False')) return { kind: 'BooleanLiteral', value: has(ctx, 'True'), loc }
    const number = optionalToken(ctx, 'NumberLiteral')
    if (number) {
      const sign = has(ctx, 'Minus') ? '-' : ''
      const { kind, digits } = numericValue(number)
      return { kind: 'NumericLiteral', numericKind: kind, value: sign + digits, text: sign + number.image, loc }
    }
    const binary = optionalToken(ctx, 'BinaryLiteral')
    if (binary) {
      const hex = binary.image.slice(2, -1)
      if (!/^[0-9a-fA-F]*$/.test(hex)) throw errorAtToken(this.sqlText, binary, 'invalid hexadecimal digits')
      return { kind: 'BinaryLiteral', hex, loc }
    }
    const value = tokens(ctx, 'QuotedString').map(stringValue).join('')
    return { kind: 'StringLiteral', value, loc }
  }

  typedLiteral(ctx: Children, loc: Loc): TypedLiteral {
    const type = token(ctx, 'TypedLiteralKeyword').image.toLowerCase() as TypedLiteral['type']
    return { kind: 'TypedLiteral', type, value: stringValue(token(ctx, 'QuotedString')), loc }
  }

  intervalLiteral(ctx: Children, loc: Loc): IntervalLiteral {
    const quoted = optionalToken(ctx, 'QuotedString')
    const unsigned = quoted ? stringValue(quoted) : token(ctx, 'NumberLiteral').image
    const value = has(ctx, 'Minus') ? negatedIntervalValue(unsigned) : unsigned
    const unitsNode = optionalNode(ctx, 'intervalUnits')
    const tail: IntervalTail = unitsNode ? this.ast(unitsNode) : { units: [], values: [], isRange: false }
    const text = this.sqlText.slice(loc.offset, loc.endOffset)
    const [unit, toUnit] = tail.units
    if (!unit) return { kind: 'IntervalLiteral', parts: [{ value }], text, loc }
    if (tail.isRange) return { kind: 'IntervalLiteral', parts: [{ value, unit, ...(toUnit && { toUnit }) }], text, loc }
    const values = [value, ...tail.values]
    const parts: IntervalPart[] = values.map((partValue, i) => ({ value: partValue, unit: tail.units[i] ?? unit }))
    return { kind: 'IntervalLiteral', parts, text, loc }
  }

  /** The units after an interval's first value, and the further values of a multi-unit interval. */
  intervalUnits(ctx: Children): IntervalTail {
    const strings = new Set(tokens(ctx, 'QuotedString'))
    const minus = new Set(tokens(ctx, 'Minus'))
    const values: string[] = []
    let negate = false
    const ordered = inSourceOrder(tokens(ctx, 'QuotedString'), tokens(ctx, 'NumberLiteral'), tokens(ctx, 'Minus'))
    for (const t of ordered) {
      if (minus.has(t)) {
        negate = true
        continue
      }
      const text = strings.has(t) ? stringValue(t) : t.image
      values.push(negate ? negatedIntervalValue(text) : text)
      negate = false
    }
    return { units: tokens(ctx, 'IntervalUnit').map(intervalUnit), values, isRange: has(ctx, 'To') }
  }

  caseExpression(ctx: Children, loc: Loc): Case {
    const operand = optionalNode(ctx, 'operand')
    const elseValue = optionalNode(ctx, 'elseValue')
    return {
      kind: 'Case',
      ...(operand && { operand: this.expr(operand) }),
      branches: nodes(ctx, 'whenClause').map((branch) => this.ast<WhenClause>(branch)),
      ...(elseValue && { else: this.expr(elseValue) }),
      loc,
    }
  }

  whenClause(ctx: Children): WhenClause {
    return { condition: this.expr(node(ctx, 'condition')), result: this.expr(node(ctx, 'result')) }
  }

  castExpression(ctx: Children, loc: Loc): Cast {
    const value = this.expr(node(ctx, 'expression'))
    return { kind: 'Cast', value, dataType: this.ast(node(ctx, 'dataType')), try: has(ctx, 'TryCast'), loc }
  }

  extractExpression(ctx: Children, loc: Loc): Extract {
    const source = this.expr(node(ctx, 'valueExpression'))
    return { kind: 'Extract', field: this.name(token(ctx, 'Name')), source, loc }
  }

  substringExpression(ctx: Children, loc: Loc): FunctionCall {
    // `SUBSTR(s FROM p)` is Spark's parser building Substring itself: named `substring`, whichever keyword.
    const args = this.exprs(nodes(ctx, 'valueExpression'))
    if (has(ctx, 'From')) return this.call(['substring'], { args, distinct: false }, loc)
    return this.plainCall(optionalToken(ctx, 'Substring') ?? token(ctx, 'Substr'), args, loc)
  }

  trimExpression(ctx: Children, loc: Loc): Trim | FunctionCall {
    const operands = this.exprs(nodes(ctx, 'valueExpression'))
    const modeToken = optionalToken(ctx, 'Both') ?? optionalToken(ctx, 'Leading') ?? optionalToken(ctx, 'Trailing')
    if (!modeToken && !has(ctx, 'From')) {
      return this.plainCall(token(ctx, 'Trim'), [...operands, ...this.exprs(nodes(ctx, 'expression'))], loc)
    }
    const mode = (modeToken?.image.toLowerCase() ?? 'both') as Trim['mode']
    const source = operands[operands.length - 1]
    if (!source) throw new Error('internal error: TRIM without a source')
    const chars = operands.length === 2 ? operands[0] : undefined
    return { kind: 'Trim', mode, ...(chars && { chars }), source, loc }
  }

  positionExpression(ctx: Children, loc: Loc): FunctionCall {
    const args = [...this.exprs(nodes(ctx, 'valueExpression')), ...this.exprs(nodes(ctx, 'expression'))]
    // `POSITION(a IN b)` is Spark's parser building StringLocate itself: named `locate`.
    if (has(ctx, 'In')) return this.call(['locate'], { args, distinct: false }, loc)
    return this.plainCall(token(ctx, 'Position'), args, loc)
  }

  currentDatetime(ctx: Children, loc: Loc): FunctionCall {
    return this.plainCall(optionalToken(ctx, 'CurrentDate') ?? token(ctx, 'CurrentTimestamp'), [], loc)
  }

  existsExpression(ctx: Children, loc: Loc): Expr {
    return { kind: 'Exists', query: this.ast(node(ctx, 'query')), loc }
  }

  parenthesizedExpression(ctx: Children, loc: Loc): Expr {
    const query = optionalNode(ctx, 'query')
    if (query) return { kind: 'ScalarSubquery', query: this.ast(query), loc }
    const items = this.exprs(nodes(ctx, 'aliasableExpression'))
    const [only] = items
    return only && items.length === 1 ? only : { kind: 'Tuple', items, loc }
  }

  aliasableExpression(ctx: Children, loc: Loc): Expr {
    const value = this.expr(node(ctx, 'expression'))
    const name = optionalToken(ctx, 'Word')
    if (!name) return value
    return { kind: 'Aliased', value, name: this.name(name), loc }
  }

  nameExpression(ctx: Children, loc: Loc): Expr {
    const parts = [this.name(token(ctx, 'Name')), ...tokens(ctx, 'Word').map((word) => this.name(word))]
    if (has(ctx, 'Star')) return { kind: 'Star', qualifier: parts, loc }
    const tail = optionalNode(ctx, 'functionArguments')
    return tail ? this.call(parts, this.ast(tail), loc) : { kind: 'ColumnRef', parts, loc }
  }

  functionArguments(ctx: Children): FunctionTail {
    const filter = optionalNode(ctx, 'expression')
    const over = optionalNode(ctx, 'windowSpec')
    const withinGroup = nodes(ctx, 'withinGroup')
    return {
      args: this.exprs(nodes(ctx, 'functionArgument')),
      distinct: has(ctx, 'Distinct'),
      ...(withinGroup.length > 0 && { withinGroup: withinGroup.map((item) => this.ast<SortItem>(item)) }),
      ...(filter && { filter: this.expr(filter) }),
      ...(has(ctx, 'Nulls') && { ignoreNulls: has(ctx, 'Ignore') }),
      ...(over && { over: this.ast<WindowSpecAst>(over) }),
    }
  }

  functionArgument(ctx: Children): Expr {
    return this.expr(soleNode(ctx))
  }

  lambda(ctx: Children, loc: Loc): Lambda {
    const single = optionalToken(ctx, 'Name')
    const params = single ? [this.name(single)] : this.ast<string[]>(node(ctx, 'identifierList'))
    return { kind: 'Lambda', params, body: this.expr(node(ctx, 'expression')), loc }
  }

  namedArgument(ctx: Children, loc: Loc): NamedArgument {
    return {
      kind: 'NamedArgument',
      name: this.name(token(ctx, 'Name')),
      value: this.expr(node(ctx, 'expression')),
      loc,
    }
  }
}

/** A minus before an interval value flips the sign the value text may carry (Spark's `visitMultiUnitsInterval`). */
function negatedIntervalValue(value: string): string {
  return value.startsWith('-') ? value.slice(1) : `-${value}`
}
