// Crash-safe files: write to a temporary name, fsync, rename over the target, fsync the directory — a reader sees
// the old file or the whole new one, never half of it.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { mkdir, open, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { newUuid } from './ids.js'

function fsyncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Atomically replaces `path` with `data`. With `exclusive`, fails (returns false) when `path` already exists. */
export function writeFileAtomic(path: string, data: string | Uint8Array, exclusive = false): boolean {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const temp = join(dir, `.${basename(path)}.${newUuid()}.tmp`)
  const fd = openSync(temp, 'wx')
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  if (exclusive) {
    // A hard link fails if the target exists: first writer wins, with no window where a half file is visible.
    try {
      renameIfAbsent(temp, path)
    } catch (error) {
      rmSync(temp, { force: true })
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    }
  } else {
    renameSync(temp, path)
  }
  fsyncDirectory(dir)
  return true
}

function renameIfAbsent(from: string, to: string): void {
  linkSync(from, to)
  unlinkSync(from)
}

/**
 * `writeFileAtomic` without blocking the thread, so many files (a delta per state partition) are written and fsynced
 * concurrently. Replaces `path` (no exclusive mode).
 */
export async function writeFileAtomicAsync(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `.${basename(path)}.${newUuid()}.tmp`)
  const handle = await open(temp, 'wx')
  try {
    let written = 0
    while (written < data.length) written += (await handle.write(data, written, data.length - written)).bytesWritten
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
}

/** fsyncs a directory (after renames into it), where the platform allows it. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close()
  }
}
