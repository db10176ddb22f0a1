// to_xml's writer (Spark's StaxXmlGenerator behind an IndentingXMLStreamWriter): one struct row as an element named
// rowTag, fields prefixed with attributePrefix as attributes, arrays as repeated elements, NULL fields left out.
import { bitAt, type Column, cellText, numbersOf, validityOf } from '../../../arrow/index.js'
import { formatWithPattern } from '../../../common/datetime-pattern.js'
import { MICROS_PER_DAY } from '../../../common/interval.js'
import type { DataType } from '../../../types/data-types.js'
import type { XmlOptions } from './xml-options.js'

const escapeText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;')
const escapeAttribute = (s: string) => escapeText(s).replaceAll('"', '&quot;')

const SEEN_NOTHING = 0
const SEEN_ELEMENT = 1
const SEEN_DATA = 2

/** Builds the XML text with txw2's IndentingXMLStreamWriter layout (no layout when the indent is ''). */
class XmlText {
  text = ''
  private depth = 0
  private state = SEEN_NOTHING
  private readonly states: number[] = []
  private tagOpen = false

  constructor(private readonly indent: string) {}

  private closeTag(): void {
    if (this.tagOpen) this.text += '>'
    this.tagOpen = false
  }

  start(name: string): void {
    this.closeTag()
    if (this.indent !== '') {
      this.states.push(SEEN_ELEMENT)
      this.state = SEEN_NOTHING
      if (this.depth > 0) this.text += '\n'
      this.text += this.indent.repeat(this.depth)
      this.depth++
    }
    this.text += `<${name}`
    this.tagOpen = true
  }

  attribute(name: string, value: string): void {
    this.text += ` ${name}="${escapeAttribute(value)}"`
  }

  characters(value: string): void {
    this.closeTag()
    this.state = SEEN_DATA
    this.text += escapeText(value)
  }

  end(name: string): void {
    this.closeTag()
    if (this.indent !== '') {
      this.depth--
      if (this.state === SEEN_ELEMENT) this.text += `\n${this.indent.repeat(this.depth)}`
      this.state = this.states.pop() ?? SEEN_NOTHING
    }
    this.text += `</${name}>`
  }
}

/** Writes struct rows of one column type as XML text. */
export class XmlWriter {
  private out = new XmlText('')

  constructor(
    private readonly o: XmlOptions,
    private readonly zone: string,
  ) {}

  /** Row `i` of a struct column (not NULL) as one rowTag element. */
  write(column: Column, type: DataType, i: number): string {
    this.out = new XmlText(this.o.indent)
    this.childElement(this.o.rowTag, column, type, i)
    return this.out.text
  }

  private isNull(column: Column, type: DataType, i: number): boolean {
    const bits = validityOf(column)
    return type.kind === 'null' || (bits !== null && !bitAt(bits, i))
  }

  private isAttribute(name: string): boolean {
    return name.startsWith(this.o.attributePrefix) && name !== this.o.valueTag
  }

  private leafText(column: Column, type: DataType, i: number): string {
    switch (type.kind) {
      case 'date':
        return formatWithPattern(numbersOf(column)[i]! * MICROS_PER_DAY, this.o.dateFormat ?? 'yyyy-MM-dd', 'UTC')
      case 'timestamp':
        return formatWithPattern(
          numbersOf(column)[i]!,
          this.o.timestampFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
          this.zone,
        )
      case 'timestamp_ntz':
        return formatWithPattern(numbersOf(column)[i]!, this.o.timestampNTZFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSS", 'UTC')
      default:
        return cellText(column, type, i, { zone: this.zone, nullText: '' })
    }
  }

  /** StaxXmlGenerator.writeChildElement: NULL is left out unless nullValue is set; the value tag is bare text. */
  private childElement(name: string, column: Column, type: DataType, i: number): void {
    if (this.isNull(column, type, i) && this.o.nullValue === null) return
    if (name === this.o.valueTag) {
      this.element(column, type, i)
      return
    }
    this.out.start(name)
    this.element(column, type, i)
    this.out.end(name)
  }

  /** StaxXmlGenerator.writeChild: attribute fields, arrays as repeated elements, anything else as an element. */
  private child(name: string, column: Column, type: DataType, i: number): void {
    if (this.isAttribute(name)) {
      const attribute = name.slice(this.o.attributePrefix.length)
      if (!this.isNull(column, type, i)) this.out.attribute(attribute, this.leafText(column, type, i))
      else if (this.o.nullValue !== null) this.out.attribute(attribute, this.o.nullValue)
    } else if (type.kind === 'array' && !this.isNull(column, type, i)) {
      const offsets = column.valueOffsets as Int32Array
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++)
        this.childElement(name, column.children[0]!, type.elementType, j)
    } else this.childElement(name, column, type, i)
  }

  /** StaxXmlGenerator.writeElement: the content of one element. */
  private element(column: Column, type: DataType, i: number): void {
    if (this.isNull(column, type, i)) {
      this.out.characters(this.o.nullValue ?? '')
      return
    }
    switch (type.kind) {
      case 'array': {
        const offsets = column.valueOffsets as Int32Array
        for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
          this.child(this.o.arrayElementName, column.children[0]!, type.elementType, j)
        }
        return
      }
      case 'map': {
        const offsets = column.valueOffsets as Int32Array
        const [keys, values] = column.children[0]!.children as [Column, Column]
        for (const attributes of [true, false]) {
          for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
            const key = this.leafText(keys, type.keyType, j)
            if (this.isAttribute(key) === attributes) this.child(key, values, type.valueType, j)
          }
        }
        return
      }
      case 'struct': {
        for (const attributes of [true, false]) {
          type.fields.forEach((f, j) => {
            if (this.isAttribute(f.name) === attributes) this.child(f.name, column.children[j]!, f.dataType, i)
          })
        }
        return
      }
      default:
        this.out.characters(this.leafText(column, type, i))
    }
  }
}
