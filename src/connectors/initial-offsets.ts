// A source's starting position in `<checkpoint>/sources/<i>/0`, as Spark's HDFSMetadataLog writes it (`v1\n{json}`):
// computed and written once by a new query, read back by every restart so that startingOffsets applies only once.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../common/atomic-file.js'
import { IllegalStateException } from '../common/errors.js'
import type { Offset } from './source.js'

/** The offset recorded under `metadataPath`, or `compute()`'s, written there first (no checkpoint: not written). */
export async function initialOffset(metadataPath: string | undefined, compute: () => Promise<Offset>): Promise<Offset> {
  const file = metadataPath === undefined ? undefined : join(metadataPath, '0')
  if (file !== undefined && existsSync(file)) {
    const text = readFileSync(file, 'utf8')
    if (!text.startsWith('v1\n')) {
      throw new IllegalStateException(`Log file was malformed: failed to read correct log version from ${file}.`)
    }
    return JSON.parse(text.slice(3)) as Offset
  }
  const offset = await compute()
  if (file !== undefined) {
    mkdirSync(metadataPath!, { recursive: true })
    writeFileAtomic(file, `v1\n${JSON.stringify(offset)}`)
  }
  return offset
}
