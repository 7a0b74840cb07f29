// Build the Safer Communities front end into static/dist/ (build output, not
// committed). Run with `npm run build` from the project root.
//
//   frontend/scss/app.scss                     -> static/dist/css/app.css
//   govuk-frontend dist/govuk/govuk-frontend.min.js(.map)
//                                              -> static/dist/govuk/
//   govuk-frontend dist/govuk/assets/images, rebrand (if present),
//   manifest.json (if present)                 -> static/dist/govuk/assets/
//   plotly.js-basic-dist-min plotly-basic.min.js
//                                              -> static/dist/plotly/
//
// No fonts are copied: the CSS uses an Arial font stack.
//
// Uses only node's standard library and the `sass` package.

import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as sass from 'sass'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = join(root, 'node_modules')
const dist = join(root, 'static', 'dist')

const govukDist = join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const plotlyDist = join(nodeModules, 'plotly.js-basic-dist-min')

function log (message) {
  process.stdout.write(`${message}\n`)
}

function rel (path) {
  return relative(root, path)
}

function copyFile (from, to) {
  if (!existsSync(from)) {
    throw new Error(`Missing ${rel(from)}: run \`npm ci\` first`)
  }
  mkdirSync(dirname(to), { recursive: true })
  copyFileSync(from, to)
  log(`  copied ${rel(from)} -> ${rel(to)}`)
}

function copyDir (from, to) {
  cpSync(from, to, { recursive: true })
  log(`  copied ${rel(from)}/ -> ${rel(to)}/`)
}

function buildCss () {
  const entry = join(root, 'frontend', 'scss', 'app.scss')
  const out = join(dist, 'css', 'app.css')
  const result = sass.compile(entry, {
    loadPaths: [nodeModules],
    style: 'compressed',
    sourceMap: false,
    // Deprecation warnings from govuk-frontend's own Sass are not ours to fix.
    quietDeps: true,
    // govuk-frontend 5.x is written for @import, so we must @import it.
    silenceDeprecations: ['import']
  })
  // A source map comment would make ManifestStaticFilesStorage look for a
  // .map file; we do not produce one.
  const css = result.css.replace(/\/\*# sourceMappingURL=.*?\*\//g, '')
  if (/GDS Transport|@font-face/.test(css)) {
    throw new Error('Compiled CSS unexpectedly contains a GDS Transport @font-face')
  }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${css}\n`)
  log(`  compiled ${rel(entry)} -> ${rel(out)} (${css.length} bytes)`)
}

function copyGovuk () {
  const to = join(dist, 'govuk')
  copyFile(join(govukDist, 'govuk-frontend.min.js'), join(to, 'govuk-frontend.min.js'))
  // The .min.js ends with a sourceMappingURL comment, which
  // ManifestStaticFilesStorage resolves, so the map must be present too.
  copyFile(join(govukDist, 'govuk-frontend.min.js.map'), join(to, 'govuk-frontend.min.js.map'))

  const assets = join(govukDist, 'assets')
  copyDir(join(assets, 'images'), join(to, 'assets', 'images'))
  if (existsSync(join(assets, 'rebrand'))) {
    copyDir(join(assets, 'rebrand'), join(to, 'assets', 'rebrand'))
  }
  if (existsSync(join(assets, 'manifest.json'))) {
    copyFile(join(assets, 'manifest.json'), join(to, 'assets', 'manifest.json'))
  }
}

function copyPlotly () {
  copyFile(join(plotlyDist, 'plotly-basic.min.js'), join(dist, 'plotly', 'plotly-basic.min.js'))
}

log(`Building front end into ${rel(dist)}/`)
rmSync(dist, { recursive: true, force: true })
buildCss()
copyGovuk()
copyPlotly()
log('Done.')
