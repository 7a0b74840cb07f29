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
//   plotly.js's own CSS rules, extracted from that bundle
//                                              -> static/dist/plotly/plotly.css
//   swagger-ui-dist swagger-ui-bundle.js, swagger-ui.css(.map)
//                                              -> static/dist/swagger-ui/ (the API documentation page)
//
// No fonts are copied: the CSS uses an Arial font stack.
//
// Uses only node's standard library and the `sass` package.

import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'

import * as sass from 'sass'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = join(root, 'node_modules')
const dist = join(root, 'static', 'dist')

const govukDist = join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const plotlyDist = join(nodeModules, 'plotly.js-basic-dist-min')
const swaggerDist = join(nodeModules, 'swagger-ui-dist')

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

// The API documentation page (templates/api/docs.html). The CSS ends with a
// sourceMappingURL comment that ManifestStaticFilesStorage resolves, so its map
// comes too; the JS bundle has none.
function copySwaggerUi () {
  const to = join(dist, 'swagger-ui')
  for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui.css.map']) {
    copyFile(join(swaggerDist, name), join(to, name))
  }
}

// plotly.js normally injects its base CSS as a <style> element, which our
// Content Security Policy (style-src 'self') blocks, leaving charts unstyled.
// plotly.js skips the injection when the page has an element with
// id="plotly.js-style-global" and class="no-inline-styles", so pages link
// this stylesheet that way (see templates/includes/_plotly_head.html).
//
// The rules live in the bundle as an object literal whose keys use X for
// ".js-plotly-plot .plotly" and Y for ".plotly-notifier"; we turn it into a
// stylesheet exactly as plotly.js's own injectStyles does. plotly.js inserts
// each rule at index 0, so the last rule ends up first: we emit them reversed.
function extractPlotlyCss () {
  const from = join(plotlyDist, 'plotly-basic.min.js')
  const to = join(dist, 'plotly', 'plotly.css')
  const source = readFileSync(from, 'utf8')
  const start = source.indexOf('{"X,X div":')
  if (start === -1) {
    throw new Error(`Could not find plotly.js CSS rules in ${rel(from)}`)
  }
  // Find the matching closing brace, skipping over string literals.
  let depth = 0
  let quote = null
  let end = -1
  for (let i = start; i < source.length; i++) {
    const ch = source[i]
    if (quote) {
      if (ch === '\\') i++
      else if (ch === quote) quote = null
    } else if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch
    } else if (ch === '{') {
      depth++
    } else if (ch === '}' && --depth === 0) {
      end = i + 1
      break
    }
  }
  if (end === -1) {
    throw new Error(`Could not parse plotly.js CSS rules in ${rel(from)}`)
  }
  // A plain object literal of strings from our pinned dependency, evaluated
  // in an empty context (no globals).
  const rules = runInNewContext(`(${source.slice(start, end)})`, Object.create(null), { timeout: 1000 })
  const entries = Object.entries(rules)
  if (!entries.length || !entries.every(([k, v]) => typeof k === 'string' && typeof v === 'string')) {
    throw new Error('Unexpected shape of plotly.js CSS rules')
  }
  const css = entries.reverse().map(([selector, declarations]) => {
    const sel = selector
      .replace(/^,/, ' ,')
      .replace(/X/g, '.js-plotly-plot .plotly')
      .replace(/Y/g, '.plotly-notifier')
    return `${sel}{${declarations}}`
  }).join('\n')
  mkdirSync(dirname(to), { recursive: true })
  writeFileSync(to, `/* plotly.js base styles, extracted from ${rel(from)} by frontend/build.mjs */\n${css}\n`)
  log(`  extracted ${entries.length} plotly.js CSS rules -> ${rel(to)}`)
}

log(`Building front end into ${rel(dist)}/`)
rmSync(dist, { recursive: true, force: true })
buildCss()
copyGovuk()
copyPlotly()
extractPlotlyCss()
copySwaggerUi()
log('Done.')
