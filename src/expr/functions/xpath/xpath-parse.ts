// XPath 1.0 expressions parsed once into a tree: location paths on every axis with predicates, unions, filter
// expressions, arithmetic, comparisons and function calls (xpath-eval.ts runs the tree against a document).

export type Test =
  | { type: 'name'; name: string }
  | { type: 'any' }
  | { type: 'text' }
  | { type: 'node' }
  | { type: 'comment' }
export interface Step {
  readonly axis: string
  readonly test: Test
  readonly predicates: Ast[]
}
export type Ast =
  | { k: 'number'; value: number }
  | { k: 'string'; value: string }
  | { k: 'call'; name: string; args: Ast[] }
  | { k: 'binary'; op: string; left: Ast; right: Ast }
  | { k: 'negate'; operand: Ast }
  | { k: 'path'; absolute: boolean; start: Ast | null; steps: Step[] }
  | { k: 'filter'; base: Ast; predicates: Ast[] }

export class XPathSyntaxError extends Error {}

const TOKEN =
  /\s*(?:(\.\.|::|\/\/|!=|<=|>=|[()[\].@,/|+\-=<>*$])|("[^"]*"|'[^']*')|(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][-\w.]*(?::[A-Za-z_*][-\w.]*)?))/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break
    TOKEN.lastIndex = at
    const m = TOKEN.exec(text)
    if (!m) throw new XPathSyntaxError(`Unexpected character at position ${at}`)
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!)
    at = TOKEN.lastIndex
  }
  return tokens
}

const AXES = new Set([
  'child',
  'descendant',
  'descendant-or-self',
  'self',
  'parent',
  'ancestor',
  'ancestor-or-self',
  'attribute',
  'following-sibling',
  'preceding-sibling',
])
const OPERATOR_BEFORE = new Set([
  '@',
  '::',
  '(',
  '[',
  ',',
  '/',
  '//',
  '|',
  '+',
  '-',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'and',
  'or',
  'mod',
  'div',
  '*',
])

/** Parses an XPath expression. */
export function compileXPath(text: string): Ast {
  const tokens = tokenize(text)
  let i = 0
  const peek = () => tokens[i]
  const next = () => tokens[i++]
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new XPathSyntaxError(`Expected '${t}' but found '${tokens[i] ?? 'end'}'`)
    i++
  }
  // An operator name (and, or, div, mod, *) only where an operator can stand: after an operand.
  const isOperator = (t: string | undefined) => i > 0 && !OPERATOR_BEFORE.has(tokens[i - 1]!) && t !== undefined
  const binary = (ops: string[], sub: () => Ast) => (): Ast => {
    let left = sub()
    while (ops.includes(peek() ?? '') && isOperator(peek())) {
      const op = next()!
      left = { k: 'binary', op, left, right: sub() }
    }
    return left
  }
  const unary = (): Ast => {
    if (peek() === '-') {
      next()
      return { k: 'negate', operand: unary() }
    }
    return union()
  }
  const union = (): Ast => {
    let left = pathExpr()
    while (peek() === '|') {
      next()
      left = { k: 'binary', op: '|', left, right: pathExpr() }
    }
    return left
  }
  const predicates = (): Ast[] => {
    const out: Ast[] = []
    while (peek() === '[') {
      next()
      out.push(or())
      expect(']')
    }
    return out
  }
  const step = (): Step => {
    const t = peek()
    if (t === '.') {
      next()
      return { axis: 'self', test: { type: 'node' }, predicates: [] }
    }
    if (t === '..') {
      next()
      return { axis: 'parent', test: { type: 'node' }, predicates: [] }
    }
    let axis = 'child'
    if (t === '@') {
      next()
      axis = 'attribute'
    } else if (tokens[i + 1] === '::' && t !== undefined && AXES.has(t)) {
      axis = t
      i += 2
    }
    const name = next()
    let test: Test
    if (name === '*') test = { type: 'any' }
    else if (
      name !== undefined &&
      /^[A-Za-z_]/.test(name) &&
      peek() === '(' &&
      ['text', 'node', 'comment'].includes(name)
    ) {
      next()
      expect(')')
      test = { type: name as 'text' | 'node' | 'comment' }
    } else if (name !== undefined && /^[A-Za-z_]/.test(name)) test = { type: 'name', name }
    else throw new XPathSyntaxError(`Expected a node test but found '${name ?? 'end'}'`)
    return { axis, test, predicates: predicates() }
  }
  const descendantStep: Step = { axis: 'descendant-or-self', test: { type: 'node' }, predicates: [] }
  const relativeSteps = (steps: Step[]) => {
    steps.push(step())
    while (peek() === '/' || peek() === '//') {
      if (next() === '//') steps.push(descendantStep)
      steps.push(step())
    }
    return steps
  }
  const startsStep = (t: string | undefined) =>
    t !== undefined && (t === '.' || t === '..' || t === '@' || t === '*' || /^[A-Za-z_]/.test(t))
  const primary = (): Ast | null => {
    const t = peek()
    if (t === undefined) return null
    if (t === '(') {
      next()
      const e = or()
      expect(')')
      return e
    }
    if (t.startsWith('"') || t.startsWith("'")) {
      next()
      return { k: 'string', value: t.slice(1, -1) }
    }
    if (/^[\d.]/.test(t) && t !== '.' && t !== '..') {
      next()
      return { k: 'number', value: Number(t) }
    }
    if (/^[A-Za-z_]/.test(t) && tokens[i + 1] === '(' && !['text', 'node', 'comment'].includes(t)) {
      next()
      next()
      const args: Ast[] = []
      while (peek() !== ')') {
        args.push(or())
        if (peek() === ',') next()
        else break
      }
      expect(')')
      return { k: 'call', name: t, args }
    }
    return null
  }
  const pathExpr = (): Ast => {
    const t = peek()
    if (t === '/' || t === '//') {
      next()
      const steps: Step[] = t === '//' ? [descendantStep] : []
      if (t === '/' && !startsStep(peek())) return { k: 'path', absolute: true, start: null, steps }
      return { k: 'path', absolute: true, start: null, steps: relativeSteps(steps) }
    }
    const base = primary()
    if (base !== null) {
      const preds = predicates()
      const filtered: Ast = preds.length > 0 ? { k: 'filter', base, predicates: preds } : base
      if (peek() !== '/' && peek() !== '//') return filtered
      const steps: Step[] = next() === '//' ? [descendantStep] : []
      return { k: 'path', absolute: false, start: filtered, steps: relativeSteps(steps) }
    }
    if (!startsStep(t)) throw new XPathSyntaxError(`Unexpected '${t ?? 'end of expression'}'`)
    return { k: 'path', absolute: false, start: null, steps: relativeSteps([]) }
  }
  const multiplicative = binary(['*', 'div', 'mod'], unary)
  const additive = binary(['+', '-'], multiplicative)
  const relational = binary(['<', '<=', '>', '>='], additive)
  const equality = binary(['=', '!='], relational)
  const and = binary(['and'], equality)
  const or = binary(['or'], and)
  const ast = or()
  if (i < tokens.length) throw new XPathSyntaxError(`Unexpected '${tokens[i]}'`)
  return ast
}
