// Lists a directory's data files as Spark's InMemoryFileIndex does (recursively, hidden `_`/`.` names skipped,
// `pathGlobFilter` on names), or reads them from a file sink's metadata log when the directory has one.
import { readdirSync, statSync } from 'node:fs'
import { basename, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Options } from '../options.js'
import { FileSinkLog, hasSinkMetadata, SINK_METADATA_DIR } from '../sinks/file-sink-log.js'
import { partitionPairs } from './file-partitions.js'

export interface ListedFile {
  /** The absolute local path. */
  readonly path: string
  /** Spark's qualified form (`file:/dir/a.csv`), used in logs and messages. */
  readonly uri: string
  readonly size: number
  readonly modificationTime: number
  /** `col=value` pairs of the directories between the root and the file. */
  readonly partition: readonly [string, string][]
}

export interface ListingOptions {
  /** `pathGlobFilter` as a regex over file names. */
  readonly nameFilter: RegExp | undefined
  /** `recursiveFileLookup`: no partition inference from directory names. */
  readonly recursiveFileLookup: boolean
}

/** The options that choose which files a listing takes (`pathGlobFilter`, `recursiveFileLookup`). */
export function listingOptions(options: Options): ListingOptions {
  const glob = options.get('pathGlobFilter')
  return {
    nameFilter: glob === undefined ? undefined : globToRegex(glob),
    recursiveFileLookup: options.getBoolean('recursiveFileLookup', false),
  }
}

/** Hadoop's qualified URI of a local path, e.g. `file:/tmp/in/a%20b.csv`. */
export function qualifiedUri(path: string): string {
  return `file:${pathToFileURL(path).pathname}`
}

/** The local path of a qualified URI (`file:/x`, `file:///x`) or of a plain path. */
export function localPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(new URL(uri)) : uri
}

/** `InMemoryFileIndex.shouldFilterOutPathName`: hidden and temporary names. */
export function isHiddenName(name: string): boolean {
  return (name.startsWith('_') && !name.includes('=')) || name.startsWith('.') || name.endsWith('._COPYING_')
}

/** Hadoop's GlobFilter syntax (`*`, `?`, `[a-z]`, `[!a]`, `{a,b}`) as a regex over a whole name. */
export function globToRegex(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') source += '.*'
    else if (c === '?') source += '.'
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1)
      if (close < 0) source += '\\['
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^[!^]/, '^')
          .replace(/\\/g, '\\\\')
        source += `[${body}]`
        i = close
      }
    } else if (c === '{') {
      const close = glob.indexOf('}', i + 1)
      if (close < 0) source += '\\{'
      else {
        source += `(?:${glob
          .slice(i + 1, close)
          .split(',')
          .map((alt) => globToRegex(alt).source.slice(1, -1))
          .join('|')})`
        i = close
      }
    } else if (c === '\\' && i + 1 < glob.length) source += `\\${glob[++i]}`
    else source += c.replace(/[.+^$()|\\/]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

/** A file's partition values from its directories under `root` (none with `recursiveFileLookup`). */
export function partitionOf(root: string, path: string, options: ListingOptions): [string, string][] {
  if (options.recursiveFileLookup) return []
  const dirs = relative(root, path).split(sep).slice(0, -1)
  return partitionPairs(dirs)
}

/** Every data file under `root` (a directory or a single file). */
export function listFiles(root: string, options: ListingOptions): ListedFile[] {
  const out: ListedFile[] = []
  const rootStat = statSync(root)
  if (!rootStat.isDirectory()) {
    return [
      {
        path: root,
        uri: qualifiedUri(root),
        size: rootStat.size,
        modificationTime: Math.floor(rootStat.mtimeMs),
        partition: [],
      },
    ]
  }
  if (hasSinkMetadata(root)) return filesFromSinkLog(root, options)
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (isHiddenName(entry.name)) continue
      const path = `${dir}${sep}${entry.name}`
      if (entry.isDirectory()) visit(path)
      else if (options.nameFilter === undefined || options.nameFilter.test(entry.name)) {
        const stat = statSync(path, { throwIfNoEntry: false })
        if (!stat?.isFile()) continue
        out.push({
          path,
          uri: qualifiedUri(path),
          size: stat.size,
          modificationTime: Math.floor(stat.mtimeMs),
          partition: partitionOf(root, path, options),
        })
      }
    }
  }
  visit(root)
  return out
}

/** The files a file sink committed to `root`, per its metadata log (uncommitted files stay invisible). */
export function filesFromSinkLog(root: string, options: ListingOptions): ListedFile[] {
  const log = new FileSinkLog(`${root}${sep}${SINK_METADATA_DIR}`)
  return log
    .allFiles()
    .filter((e) => !e.isDir)
    .map((e) => {
      const path = localPath(e.path)
      return {
        path,
        uri: e.path,
        size: e.size,
        modificationTime: e.modificationTime,
        partition: partitionOf(root, path, options),
      }
    })
    .filter((f) => options.nameFilter === undefined || options.nameFilter.test(basename(f.path)))
}
