// Which new files the file source's next batch admits under a read limit (Spark's FileStreamSource.fetchMaxOffset).
import { limitPart, type ReadLimit } from '../read-limit.js'
import type { ListedFile } from './file-listing.js'

/** Unread files kept between triggers (Spark's MAX_CACHED_UNSEEN_FILES and DISCARD_UNSEEN_INPUT_RATIO). */
export const MAX_CACHED_UNSEEN_FILES = 10_000
export const DISCARD_UNSEEN_INPUT_RATIO = 0.2

export interface FileSelection {
  /** The files of the next batch, in processing order. */
  readonly batch: readonly ListedFile[]
  /** New files left over, to serve the next triggers without listing again; null to list again next time. */
  readonly unread: readonly ListedFile[] | null
}

/**
 * Splits the new files (in processing order) by the limit:
 * - `maxFiles` n: the first n files;
 * - `maxBytes` b: files while their total stays within b, and always the first file, however large (a stream must
 *   not stall on a file bigger than the limit); the first file that does not fit ends the batch;
 * - anything else (`all`, or a limit on rows, which a file source cannot count before reading): every file.
 * When `canCache` (not latestFirst, whose order must be refreshed each trigger) the rest is kept for the next
 * triggers, unless it is smaller than a fifth of the limit (in files, or in bytes), so that a trigger that would
 * read only a few leftovers lists the directory again instead.
 */
export function selectFiles(newFiles: readonly ListedFile[], limit: ReadLimit, canCache: boolean): FileSelection {
  const files = limitPart(limit, 'maxFiles')
  const bytes = files ? undefined : limitPart(limit, 'maxBytes')
  let batch: readonly ListedFile[] = newFiles
  let rest: readonly ListedFile[] = []
  let keep = false
  if (files) {
    batch = newFiles.slice(0, files.maxFiles)
    rest = newFiles.slice(files.maxFiles)
    keep = rest.length >= files.maxFiles * DISCARD_UNSEEN_INPUT_RATIO
  } else if (bytes) {
    const split = takeFilesUntilMax(newFiles, bytes.maxBytes)
    batch = newFiles.slice(0, split.count)
    rest = newFiles.slice(split.count)
    keep = split.restBytes >= bytes.maxBytes * DISCARD_UNSEEN_INPUT_RATIO
  }
  const unread = canCache && keep && rest.length > 0 ? rest.slice(0, MAX_CACHED_UNSEEN_FILES) : null
  return { batch, unread }
}

/** Spark's takeFilesUntilMax: how many leading files fit in `maxBytes` (at least one), and the bytes of the rest. */
function takeFilesUntilMax(files: readonly ListedFile[], maxBytes: number): { count: number; restBytes: number } {
  let count = 0
  let taken = 0
  let restBytes = 0
  for (const [i, file] of files.entries()) {
    if (i === count && (i === 0 || taken + file.size <= maxBytes)) {
      taken += file.size
      count++
    } else restBytes += file.size
  }
  return { count, restBytes }
}
