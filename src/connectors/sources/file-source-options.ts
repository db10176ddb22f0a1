// Spark's FileStreamOptions: rate limits, ordering, seen-file ageing and clean-up of processed files, validated once.
import { isAbsolute, resolve, sep } from 'node:path'
import { IllegalArgumentException } from '../../common/errors.js'
import type { Options } from '../options.js'
import { globToRegex, listingOptions } from './file-listing.js'

export type CleanSourceMode = 'off' | 'delete' | 'archive'

export interface FileStreamOptions {
  readonly maxFilesPerTrigger: number | undefined
  readonly maxBytesPerTrigger: number | undefined
  readonly latestFirst: boolean
  readonly fileNameOnly: boolean
  readonly maxFileAgeMs: number
  readonly cleanSource: CleanSourceMode
  /** Absolute, when cleanSource is archive. */
  readonly sourceArchiveDir: string | undefined
  readonly nameFilter: RegExp | undefined
  readonly recursiveFileLookup: boolean
}

const TIME_UNITS: Record<string, number> = {
  us: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

/** `Utils.timeStringAsMs`: `100ms`, `10s`, `5m`/`5min`, `2h`, `7d`, `250us`; a bare number is milliseconds. */
export function timeStringAsMs(text: string): number {
  const match = /^\s*(-?\d+)\s*([a-z]+)?\s*$/.exec(text.toLowerCase())
  const scale = match ? (match[2] === undefined ? 1 : TIME_UNITS[match[2]]) : undefined
  if (!match || scale === undefined) {
    throw new IllegalArgumentException(
      'Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.',
    )
  }
  return Math.trunc(Number(match[1]) * scale)
}

/** Java's `toInt`/`toLong` followed by `filter(_ > 0)`. */
function positive(options: Options, key: string, max: number): number | undefined {
  const raw = options.get(key)
  if (raw === undefined) return undefined
  const value = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!(value > 0 && value <= max)) {
    throw new IllegalArgumentException(`Invalid value '${raw}' for option '${key}', must be a positive integer`)
  }
  return value
}

/** `withBooleanParameter`: Scala's `toBoolean` (case-insensitive true/false), else Spark's message. */
function booleanOption(options: Options, key: string): boolean {
  const raw = options.get(key)
  if (raw === undefined) return false
  const lower = raw.toLowerCase()
  if (lower === 'true' || lower === 'false') return lower === 'true'
  throw new IllegalArgumentException(`Invalid value '${raw}' for option '${key}', must be 'true' or 'false'`)
}

function cleanSourceOf(options: Options): CleanSourceMode {
  const raw = options.get('cleanSource')
  if (raw === undefined) return 'off'
  const mode = raw.toLowerCase()
  if (mode === 'off' || mode === 'delete' || mode === 'archive') return mode
  throw new IllegalArgumentException(
    `Invalid mode for clean source option Some(${raw}). Must be one of ARCHIVE,DELETE,OFF`,
  )
}

/**
 * Spark's check that archived files can never match the source path again: comparing both paths at the depth of the
 * shallower one, the archive path must not fall under the source pattern.
 */
function checkArchiveDir(sourcePath: string, archiveDir: string): void {
  const parts = (p: string) => p.split(sep).filter((s) => s !== '')
  const source = parts(sourcePath)
  const archive = parts(archiveDir)
  const depth = Math.min(source.length, archive.length)
  const matches = source.slice(0, depth).every((glob, i) => globToRegex(glob).test(archive[i]!))
  if (matches) {
    throw new IllegalArgumentException(
      "requirement failed: Base archive path cannot be set to the path where archived path can possibly match with source pattern. Ensure the base archive path doesn't match with source pattern in depth, where the depth is minimum of depth on both paths.",
    )
  }
}

export function fileStreamOptions(options: Options, sourcePath: string): FileStreamOptions {
  for (const key of ['modifiedBefore', 'modifiedAfter']) {
    if (options.has(key)) throw new IllegalArgumentException(`option '${key}' is not allowed in file stream sources`)
  }
  const maxFilesPerTrigger = positive(options, 'maxFilesPerTrigger', 2 ** 31 - 1)
  const maxBytesPerTrigger = positive(options, 'maxBytesPerTrigger', Number.MAX_SAFE_INTEGER)
  if (maxFilesPerTrigger !== undefined && maxBytesPerTrigger !== undefined) {
    throw new IllegalArgumentException(
      "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
    )
  }
  const latestFirst = booleanOption(options, 'latestFirst')
  const cleanSource = cleanSourceOf(options)
  const archive = options.get('sourceArchiveDir')
  if (cleanSource === 'archive' && archive === undefined) {
    throw new IllegalArgumentException("Archive mode must be used with 'sourceArchiveDir' option.")
  }
  const sourceArchiveDir = archive === undefined ? undefined : isAbsolute(archive) ? archive : resolve(archive)
  if (cleanSource === 'archive') checkArchiveDir(sourcePath, sourceArchiveDir!)
  return {
    ...listingOptions(options),
    maxFilesPerTrigger,
    maxBytesPerTrigger,
    latestFirst,
    fileNameOnly: booleanOption(options, 'fileNameOnly'),
    // maxFileAge is ignored when the newest files go first under a rate limit (SPARK-19813).
    maxFileAgeMs:
      latestFirst && (maxFilesPerTrigger !== undefined || maxBytesPerTrigger !== undefined)
        ? Number.MAX_SAFE_INTEGER
        : timeStringAsMs(options.get('maxFileAge') ?? '7d'),
    cleanSource,
    sourceArchiveDir,
  }
}
