// Builds the published package into dist/: the library as ES modules (its entry, the worker-thread entry, the
// modules loaded on first use, and the chunks they share), the `rivulet` command, and the .d.ts files a consumer's
// type checker reaches from the entry point.
//
// The library keeps its dependencies external (apache-arrow: a user's Arrow batches must be instances of the same
// classes Rivulet uses; the Kafka, Redis and NATS clients, imported only when such a source starts) and bundles the
// rest (Chevrotain, lodash-es, hyparquet and its writer and compressors), which are therefore devDependencies: loading
// them file by file would cost Node a few hundred ESM files to resolve and link; Chevrotain's sub-packages export no
// `require` condition, which breaks CommonJS consumers run through tsx; and a consumer's install cannot pair hyparquet
// with a writer built for another hyparquet. Start-up compiles only what an import needs (see lazyModules). The
// command is built beside it and imports the library as `./index.js`, so a process holds one copy of it.
// Run `node scripts/build.mjs` (or `npm run build`); `npm pack` runs it first.
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
 * Modules that start-up never needs, each with what it keeps out of the import: the bundle's imports of it get a
 * stand-in, and the module is emitted as its own entry (`dist/lazy-<name>.js`), which the stand-in loads with a
 * synchronous require() of that ES module on first call (Node ≥ 20.19 and ≥ 22.12 load ES modules through require()).
 * Their code is then neither compiled nor evaluated at import; the modules both sides share sit in common chunks, so
 * a process holds one copy of each (one ParseException class).
 */
const lazyModules = [
  { name: 'grammar', source: 'grammar/index.ts', holds: 'the SQL grammar, Chevrotain and lodash-es' },
  { name: 'parquet-read', source: 'src/connectors/formats/parquet-read.ts', holds: 'hyparquet and its compressors' },
  { name: 'sql-shell', source: 'src/shell/sql-shell.ts', holds: 'the `rivulet sql` shell' },
  {
    name: 'hyparquet-writer',
    source: 'hyparquet-writer',
    holds: 'the Parquet writer',
    functions: ['parquetWriteBuffer'],
  },
]

/**
 * The stand-in's exports, from the lazy module's own: functions are deferred; re-exports of light modules (such as
 * grammar/errors.ts) pass through; any other kind of export stops the build rather than load eagerly unnoticed.
 * A package's stand-in exports the functions listed for it (the build fails on an import of any other name).
 */
async function standInExports(lazy) {
  const lines = []
  if (lazy.functions) {
    const real = await import(lazy.source)
    for (const name of lazy.functions) {
      if (typeof real[name] !== 'function') throw new Error(`${lazy.source} exports no function ${name}`)
      lines.push(`export const ${name} = (...args) => load().${name}(...args)`)
    }
    return lines
  }
  for (const statement of readFileSync(join(root, lazy.source), 'utf8').match(/^export .*$/gm) ?? []) {
    const deferred = /^export (?:async )?function (\w+)/.exec(statement)
    const reexport = /^export \{([^}]*)\} from ('[^']+')$/.exec(statement)
    if (deferred) lines.push(`export const ${deferred[1]} = (...args) => load().${deferred[1]}(...args)`)
    else if (reexport) {
      const values = reexport[1]
        .split(',')
        .map((name) => name.trim())
        .filter((name) => !name.startsWith('type '))
      lines.push(`export { ${values.join(', ')} } from ${reexport[2]}`)
    } else if (!/^export (type|interface) /.test(statement)) {
      throw new Error(`${lazy.source}: the lazy-modules build step cannot defer \`${statement}\``)
    }
  }
  return lines
}

const lazyLoading = {
  name: 'lazy-modules',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.importer.includes('/node_modules/')) return undefined
      const lazy = lazyModules.find((candidate) =>
        candidate.source.includes('/')
          ? resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts') === join(root, candidate.source)
          : args.path === candidate.source,
      )
      if (!lazy) return undefined
      return { path: lazy.name, namespace: 'lazy-modules' }
    })
    builder.onLoad({ filter: /.*/, namespace: 'lazy-modules' }, async (args) => {
      const lazy = lazyModules.find((candidate) => candidate.name === args.path)
      const lines = [
        "import { createRequire } from 'node:module'",
        `// Loads ${lazy.holds} on first use (see scripts/build.mjs).`,
        `let loaded\nconst load = () => (loaded ??= createRequire(import.meta.url)('./lazy-${lazy.name}.js'))`,
        ...(await standInExports(lazy)),
      ]
      const resolveDir = lazy.source.includes('/') ? dirname(join(root, lazy.source)) : root
      return { contents: lines.join('\n'), resolveDir, loader: 'js' }
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
  const header = 'dist/*.js bundle these packages; their licences follow.\n'
  writeFileSync(join(dist, 'THIRD-PARTY-LICENSES.txt'), [header, ...sections].join(`\n${'-'.repeat(80)}\n\n`))
}

async function buildJavaScript() {
  // One build of the library, the worker-thread entries (worker threads run a query's partitioned stages, and a batch
  // Kafka read's client, from them, found beside the library) and the lazy modules, so that what they share lands in common chunks.
  const library = await build({
    ...shared,
    entryPoints: {
      index: 'src/index.ts',
      'stage-worker': 'src/runtime/parallel/stage-worker.ts',
      // A batch read of Kafka (spark.read.format('kafka')) runs its async client in a thread from this entry.
      'kafka-batch-worker': 'src/connectors/kafka/kafka-batch-worker.ts',
      ...Object.fromEntries(lazyModules.map((lazy) => [`lazy-${lazy.name}`, lazy.source])),
    },
    outdir: dist,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    plugins: [lazyLoading],
  })
  writeThirdPartyLicenses(library.metafile)
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
