// A small XML parser for the xpath functions: elements, attributes, text (entities and CDATA decoded), with comments,
// processing instructions and the document type skipped; malformed input throws XmlSyntaxError.

export interface XmlNode {
  readonly kind: 'document' | 'element' | 'attribute' | 'text'
  readonly name: string
  /** Text and attribute nodes: their value; elements and the document: null (DOM's getNodeValue). */
  readonly value: string | null
  readonly parent: XmlNode | null
  readonly children: XmlNode[]
  readonly attributes: XmlNode[]
  /** Position in document order, for sorting node-sets. */
  order: number
}

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (_whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16))
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10))
    const named = ENTITIES[ref]
    if (named === undefined) throw new XmlSyntaxError(`The entity "${ref}" was referenced, but not declared.`)
    return named
  })
}

const node = (kind: XmlNode['kind'], name: string, value: string | null, parent: XmlNode | null): XmlNode => ({
  kind,
  name,
  value,
  parent,
  children: [],
  attributes: [],
  order: 0,
})

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y
const SPACE = /\s*/y

/** Parses a whole XML document (one root element). */
export function parseXml(text: string): XmlNode {
  const document = node('document', '#document', null, null)
  const open: XmlNode[] = [document]
  let at = 0
  let order = 0
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message)
  }
  const readName = (): string => {
    NAME.lastIndex = at
    const match = NAME.exec(text)
    if (!match) fail(`Expected a name at position ${at}.`)
    at = NAME.lastIndex
    return match![0]
  }
  const skipSpace = () => {
    SPACE.lastIndex = at
    SPACE.exec(text)
    at = SPACE.lastIndex
  }
  const addText = (value: string) => {
    const parent = open[open.length - 1]!
    if (parent === document) {
      if (value.trim() !== '') fail('Content is not allowed in prolog.')
      return
    }
    const last = parent.children[parent.children.length - 1]
    if (last?.kind === 'text') {
      ;(last as { value: string | null }).value = `${last.value}${value}`
    } else {
      const t = node('text', '#text', value, parent)
      t.order = ++order
      parent.children.push(t)
    }
  }
  while (at < text.length) {
    const lt = text.indexOf('<', at)
    if (lt < 0) {
      addText(decodeEntities(text.slice(at)))
      break
    }
    if (lt > at) addText(decodeEntities(text.slice(at, lt)))
    at = lt
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4)
      if (end < 0) fail('Unterminated comment.')
      at = end + 3
    } else if (text.startsWith('<![CDATA[', at)) {
      const end = text.indexOf(']]>', at + 9)
      if (end < 0) fail('Unterminated CDATA section.')
      addText(text.slice(at + 9, end))
      at = end + 3
    } else if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2)
      if (end < 0) fail('Unterminated processing instruction.')
      at = end + 2
    } else if (text.startsWith('<!', at)) {
      const end = text.indexOf('>', at + 2)
      if (end < 0) fail('Unterminated declaration.')
      at = end + 1
    } else if (text.startsWith('</', at)) {
      at += 2
      const name = readName()
      skipSpace()
      if (text[at] !== '>') fail(`Expected '>' to close </${name}.`)
      at++
      const current = open.pop()!
      if (current.kind !== 'element' || current.name !== name) {
        fail(`The element type "${current.name}" must be terminated by the matching end-tag "</${current.name}>".`)
      }
    } else {
      at++
      const parent = open[open.length - 1]!
      if (parent === document && document.children.length > 0)
        fail('The markup following the root element must be well-formed.')
      const element = node('element', readName(), null, parent)
      element.order = ++order
      parent.children.push(element)
      for (;;) {
        skipSpace()
        if (text.startsWith('/>', at)) {
          at += 2
          break
        }
        if (text[at] === '>') {
          at++
          open.push(element)
          break
        }
        const name = readName()
        skipSpace()
        if (text[at] !== '=') fail(`Attribute name "${name}" must be followed by the ' = ' character.`)
        at++
        skipSpace()
        const quote = text[at]
        if (quote !== '"' && quote !== "'") fail(`Open quote is expected for attribute "${name}".`)
        const end = text.indexOf(quote!, at + 1)
        if (end < 0) fail('Unterminated attribute value.')
        const attribute = node('attribute', name, decodeEntities(text.slice(at + 1, end)), element)
        attribute.order = ++order
        element.attributes.push(attribute)
        at = end + 1
      }
    }
  }
  if (open.length > 1) fail('XML document structures must start and end within the same entity.')
  if (document.children.length === 0) fail('Premature end of file.')
  return document
}

/** The XPath string-value of a node: the concatenated text of an element or document, a text or attribute's value. */
export function stringValue(n: XmlNode): string {
  if (n.kind === 'text' || n.kind === 'attribute') return n.value ?? ''
  let out = ''
  for (const child of n.children) out += stringValue(child)
  return out
}
