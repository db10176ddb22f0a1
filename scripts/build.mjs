// Builds the published package into dist/: one ES module bundle of the library, the worker-thread entry, the
// `rivulet` command, and the .d.ts files a consumer's type checker reaches from the entry point.
//
// The library bundle keeps its one dependency, apache-arrow, external (a user's Arrow batches must be instances of
// the same classes Rivulet uses) and bundles the rest (Chevrotain, lodash-es, hyparquet and its writer and
// compressors), which are therefore devDependencies: loading them file by file would cost Node a few hundred ESM
// files to resolve and link at start-up; Chevrotain's sub-packages export no `require` condition, which breaks
// CommonJS consumers run through tsx; and a consumer's install cannot pair hyparquet with a writer built for
// another hyparquet. The command is built beside it and imports the library as `./index.js`, so a
// process holds one copy of it. Run `node scripts/build.mjs` (or `npm run build`); `npm pack` runs it first.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

/** The packages a consumer installs: imported from the bundle, never copied into it. */
const externalPackages = Object.keys(manifest.dependencies ?? {})

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external: externalPackages,
  // Names stay readable in stack traces and in `constructor.name`; the bundle is not minified.
  legalComments: 'eof',
  logLevel: 'warning',
}

/**
 * Loads the SQL grammar, and Chevrotain and lodash-es with it, on the first parse instead of on import (most
 * of the bundle's own start-up). The library's imports of grammar/index.js get a stand-in whose functions require()
 * the real module on first call; esbuild evaluates a module that is reached through require() only when the require
 * runs. The stand-in is written from grammar/index.ts's exports: functions are deferred, re-exports (light modules
 * such as errors.ts) pass through, and any other kind of export stops the build rather than load eagerly unnoticed.
 */
const lazyGrammar = {
  name: 'lazy-grammar',
  setup(builder) {
    const grammarIndex = join(root, 'grammar', 'index.ts')
    builder.onResolve({ filter: /\/grammar\/index\.js$/ }, (args) => {
      if (!args.importer.startsWith(join(root, 'src'))) return undefined
      return { path: 'grammar/index.ts', namespace: 'lazy-grammar' }
    })
    builder.onLoad({ filter: /.*/, namespace: 'lazy-grammar' }, () => {
      const lines = ["let grammar\nconst load = () => (grammar ??= require('./index.ts'))"]
      for (const statement of readFileSync(grammarIndex, 'utf8').match(/^export .*$/gm) ?? []) {
        const deferred = /^export function (\w+)/.exec(statement)
        const reexport = /^export \{([^}]*)\} from ('[^']+')$/.exec(statement)
        if (deferred) lines.push(`export const ${deferred[1]} = (...args) => load().${deferred[1]}(...args)`)
        else if (reexport) {
          const values = reexport[1]
            .split(',')
            .map((name) => name.trim())
            .filter((name) => !name.startsWith('type '))
          lines.push(`export { ${values.join(', ')} } from ${reexport[2]}`)
        } else if (!statement.startsWith('export type ')) {
          throw new Error(`grammar/index.ts: the lazy-grammar build step cannot defer \`${statement}\``)
        }
      }
      return { contents: lines.join('\n'), resolveDir: join(root, 'grammar'), loader: 'js' }
    })
  },
}

/** Resolves the command's imports of the library to the library bundle; anything deeper would be a second copy. */
const libraryAsSibling = {
  name: 'library-as-sibling',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer === '') return undefined
      const target = relative(root, resolve(args.resolveDir, args.path))
      if (!/^(src|grammar)\//.test(target)) return undefined
      if (target === 'src/index.js') return { path: './index.js', external: true }
      return { errors: [{ text: `${args.path}: the command may import the library only through src/index.js` }] }
    })
  },
}

/** Copies the licence of every package bundled into the library next to it, as their licences require. */
function writeThirdPartyLicenses(metafile) {
  const packageDirs = new Set()
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (match) packageDirs.add(match[1])
  }
  const packagesByText = new Map()
  for (const dir of [...packageDirs].sort()) {
    const { name, version, license } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
    const file = readdirSync(join(root, dir)).find((entry) => /^licen[cs]e/i.test(entry))
    if (!file) throw new Error(`${name} has no licence file to ship with the bundle`)
    const text = readFileSync(join(root, dir, file), 'utf8').trim()
    packagesByText.set(text, [...(packagesByText.get(text) ?? []), `${name}@${version} (${license})`])
  }
  const sections = [...packagesByText].map(([text, names]) => `${names.join('\n')}\n\n${text}\n`)
  const header = 'dist/index.js bundles these packages; their licences follow.\n'
  writeFileSync(join(dist, 'THIRD-PARTY-LICENSES.txt'), [header, ...sections].join(`\n${'-'.repeat(80)}\n\n`))
}

async function buildJavaScript() {
  const library = await build({
    ...shared,
    entryPoints: { index: 'src/index.ts' },
    outdir: dist,
    metafile: true,
    plugins: [lazyGrammar],
  })
  writeThirdPartyLicenses(library.metafile)
  // Worker threads run a query's partitioned stages from their own entry, found beside the library bundle.
  await build({
    ...shared,
    entryPoints: {
      'stage-worker': 'src/runtime/parallel/stage-worker.ts',
      // A batch read of Kafka (spark.read.format('kafka')) runs its async client in a thread from this entry.
      'kafka-batch-worker': 'src/connectors/kafka/kafka-batch-worker.ts',
    },
    outdir: dist,
    plugins: [lazyGrammar],
  })
  await build({
    ...shared,
    entryPoints: { cli: 'bin/rivulet.ts' },
    outdir: dist,
    splitting: true,
    chunkNames: '[name]',
    plugins: [libraryAsSibling],
  })
}

/** Emits declarations (type checking is `npm run check`'s job), then keeps the files reachable from the entry. */
function buildDeclarations() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`tsc failed (${result.status ?? result.signal})`)
  const types = join(dist, 'types')
  const reachable = new Set()
  const visit = (file) => {
    if (reachable.has(file)) return
    reachable.add(file)
    const text = readFileSync(file, 'utf8')
    for (const [, specifier] of text.matchAll(/(?:from\s+|import\()['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts'))
      if (!existsSync(target)) throw new Error(`${relative(root, file)}: cannot find ${specifier}`)
      visit(target)
    }
  }
  visit(join(types, 'src', 'index.d.ts'))
  const prune = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        prune(path)
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true })
      } else if (!reachable.has(path)) rmSync(path)
    }
  }
  prune(types)
  return reachable.size
}

rmSync(dist, { recursive: true, force: true })
const started = performance.now()
await buildJavaScript()
const declarations = buildDeclarations()
console.log(`dist/ built in ${((performance.now() - started) / 1000).toFixed(1)} s (${declarations} declaration files)`)
