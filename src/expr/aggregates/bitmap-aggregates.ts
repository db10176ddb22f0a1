// bitmap_construct_agg (bit positions → a 4 KB bitmap) and bitmap_or_agg (bitmaps → their OR): a BITMAP_BYTES block
// of state per group, written in place.
import { bitAt, type Column, grown, numbersOf, Utf8Builder, validityOf } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import { BINARY, LONG } from '../../types/data-types.js'
import { BITMAP_BITS, BITMAP_BYTES } from '../functions/bitmap.js'
import { coerceArgs } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import type { Accumulator, AggregateFunction } from './spec.js'

class BitmapAccumulator implements Accumulator {
  private bytes = new Uint8Array(0)

  constructor(private readonly fromPositions: boolean) {}

  grow(groups: number): void {
    this.bytes = grown(this.bytes, groups * BITMAP_BYTES)
  }

  reset(group: number): void {
    this.bytes.fill(0, group * BITMAP_BYTES, (group + 1) * BITMAP_BYTES)
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const valid = validityOf(column)
    const bytes = this.bytes
    if (this.fromPositions) {
      const positions = numbersOf(column)
      for (let i = 0; i < rows; i++) {
        if (valid !== null && !bitAt(valid, i)) continue
        const p = positions[i]!
        if (p < 0 || p >= BITMAP_BITS) {
          throw new SparkRuntimeException(
            `The 0-indexed bitmap position ${p} is out of bounds. The bitmap has ${BITMAP_BITS} bits (${BITMAP_BYTES} bytes).`,
            { errorClass: 'INVALID_BITMAP_POSITION' },
          )
        }
        bytes[ids[i]! * BITMAP_BYTES + (p >> 3)]! |= 1 << (p & 7)
      }
      return
    }
    const offsets = column.valueOffsets as Int32Array
    const input = column.values as Uint8Array
    for (let i = 0; i < rows; i++) {
      if (valid !== null && !bitAt(valid, i)) continue
      const base = ids[i]! * BITMAP_BYTES
      const length = Math.min(BITMAP_BYTES, offsets[i + 1]! - offsets[i]!)
      for (let k = 0; k < length; k++) bytes[base + k]! |= input[offsets[i]! + k]!
    }
  }

  merge(into: number, from: number): void {
    for (let k = 0; k < BITMAP_BYTES; k++) this.bytes[into * BITMAP_BYTES + k]! |= this.bytes[from * BITMAP_BYTES + k]!
  }

  evaluate(groups: ArrayLike<number>): Column {
    return this.saveState(groups)[0]!
  }

  memoryBytes(): number {
    return this.bytes.byteLength
  }

  readonly stateTypes = [BINARY]

  saveState(groups: ArrayLike<number>): Column[] {
    const builder = new Utf8Builder(groups.length, groups.length * BITMAP_BYTES, true)
    for (let i = 0; i < groups.length; i++) {
      builder.appendBytes(this.bytes, groups[i]! * BITMAP_BYTES, (groups[i]! + 1) * BITMAP_BYTES)
    }
    return [builder.finish()]
  }

  loadState(groups: ArrayLike<number>, [state]: readonly Column[]): void {
    const offsets = state!.valueOffsets as Int32Array
    const input = state!.values as Uint8Array
    for (let i = 0; i < groups.length; i++) {
      this.bytes.set(input.subarray(offsets[i]!, offsets[i + 1]!), groups[i]! * BITMAP_BYTES)
    }
  }
}

export const bitmapAggregates: Record<string, AggregateFunction> = {
  bitmap_construct_agg: {
    kind: 'aggregate',
    arity: [1, 1],
    resolve: (args, name) => ({ args: coerceArgs(name, args, [LONG]), dataType: BINARY, nullable: false }),
    create: () => new BitmapAccumulator(true),
  },
  bitmap_or_agg: {
    kind: 'aggregate',
    arity: [1, 1],
    resolve: (args, name) => ({ args: coerceArgs(name, args, [BINARY]), dataType: BINARY, nullable: false }),
    create: () => new BitmapAccumulator(false),
  },
}
