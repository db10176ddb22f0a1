// Temp directories for file connector tests (created under os.tmpdir(), removed after each test) and file helpers.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterEach } from 'vitest'

const created: string[] = []

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh directory, removed after the current test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-files-'))
  created.push(dir)
  return dir
}

/** Writes `content` to `path` (creating directories), optionally with a modification time in ms. */
export function writeFile(path: string, content: string | Uint8Array, mtimeMs?: number): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
  if (mtimeMs !== undefined) utimesSync(path, mtimeMs / 1000, mtimeMs / 1000)
  return path
}

/** Every file under `dir`, as sorted relative paths. */
export function listTree(dir: string): string[] {
  const out: string[] = []
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) visit(path)
      else out.push(relative(dir, path))
    }
  }
  visit(dir)
  return out.sort()
}

export const enc = (text: string) => new TextEncoder().encode(text)
