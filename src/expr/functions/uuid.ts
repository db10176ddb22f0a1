// uuid(): a random (version 4, IETF variant) UUID string per row, written as hex straight into the string buffer.
import { Utf8Builder } from '../../arrow/index.js'
import { STRING } from '../../types/data-types.js'
import type { ScalarFunction } from './spec.js'

const HEX = new TextEncoder().encode('0123456789abcdef')
/** Byte index of each of the 16 random bytes' two hex digits in the 36-character form (dashes at 8, 13, 18, 23). */
const POSITIONS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]

/** uuid(): nondeterministic, so evaluated per batch and never folded. */
const uuid: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 0],
  resolve: (args) => ({ args, dataType: STRING, nullable: false }),
  perBatch: true,
  kernel(_args, ctx) {
    const n = ctx.length
    const random = new Uint8Array(16 * n)
    // getRandomValues fills at most 65536 bytes per call.
    for (let at = 0; at < random.length; at += 65536) crypto.getRandomValues(random.subarray(at, at + 65536))
    const text = new Uint8Array(36).fill(0x2d)
    const out = new Utf8Builder(n, 36 * n)
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < 16; b++) {
        let byte = random[16 * i + b]!
        if (b === 6) byte = (byte & 0x0f) | 0x40
        if (b === 8) byte = (byte & 0x3f) | 0x80
        text[POSITIONS[b]!] = HEX[byte >> 4]!
        text[POSITIONS[b]! + 1] = HEX[byte & 15]!
      }
      out.appendBytes(text)
    }
    return out.finish()
  },
}

export const uuidFunctions = { uuid } satisfies Record<string, ScalarFunction>
