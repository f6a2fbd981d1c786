#!/usr/bin/env node
// Validates Teams app manifests and their localization files against the official JSON
// schemas bundled by npm @microsoft/app-manifest (tools/node_modules), offline.
//
//   node scripts/validate-app-package.mjs path/to/manifest.json [more manifests...]
//
// The schema version is the manifest's own manifestVersion, so raising the version in
// manifest.template.json needs no change here. Localization files named in
// localizationInfo are resolved next to the manifest, as Teams does inside the zip.
// Exit codes: 0 valid, 1 invalid, 2 cannot validate (missing tools, unreadable file).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(repoRoot, 'tools');
const schemaRoot = join(toolsDir, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');

function setupError(message) {
  console.error(`validate-app-package: ${message}`);
  process.exit(2);
}

for (const pkg of ['ajv-draft-04', 'ajv-formats', '@microsoft/app-manifest']) {
  if (!existsSync(join(toolsDir, 'node_modules', ...pkg.split('/')))) {
    setupError(`${pkg} is not installed in tools/node_modules: run scripts/install-tools`);
  }
}

// The tools live in their own folder, so resolve them from there rather than from this script.
const requireTool = createRequire(join(toolsDir, 'package.json'));
const Ajv = requireTool('ajv-draft-04');
const addFormats = requireTool('ajv-formats');

const files = process.argv.slice(2);
if (files.length === 0) {
  setupError('usage: validate-app-package.mjs <manifest.json> [...]');
}

function readJson(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    setupError(`cannot read ${path}: ${e.message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    console.error(`${path}: not valid JSON: ${e.message}`);
    return undefined;
  }
}

const validators = new Map();
function validatorFor(version, kind) {
  const schemaFile = join(schemaRoot, `v${version}`, `MicrosoftTeams${kind}.schema.json`);
  if (!validators.has(schemaFile)) {
    if (!existsSync(schemaFile)) {
      return undefined;
    }
    // One Ajv per schema: the Teams schemas have no $id, so several in one instance would collide.
    // The localization schema's key patterns (e.g. `\b]\.description$`) are only valid as
    // non-unicode JavaScript regular expressions, which is how Teams' own tooling reads them.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: kind !== '.Localization' });
    addFormats(ajv);
    validators.set(schemaFile, ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))));
  }
  return validators.get(schemaFile);
}

function report(path, validate, document) {
  if (validate(document)) {
    return true;
  }
  for (const error of validate.errors) {
    const where = error.instancePath || '/';
    const extra = error.keyword === 'additionalProperties' ? ` '${error.params.additionalProperty}'` : '';
    console.error(`${path}: ${where} ${error.message}${extra}`);
  }
  return false;
}

let allValid = true;
for (const file of files) {
  const manifestPath = resolve(file);
  const manifest = readJson(manifestPath);
  if (manifest === undefined) {
    allValid = false;
    continue;
  }
  const version = manifest.manifestVersion;
  const validate = typeof version === 'string' ? validatorFor(version, '') : undefined;
  if (validate === undefined) {
    console.error(`${manifestPath}: manifestVersion '${version}' has no schema in @microsoft/app-manifest`);
    allValid = false;
    continue;
  }
  let valid = report(manifestPath, validate, manifest);
  const schemaVersion = /\/v(\d+\.\d+)\//.exec(manifest.$schema ?? '')?.[1];
  if (schemaVersion !== undefined && schemaVersion !== version) {
    console.error(`${manifestPath}: $schema names v${schemaVersion} but manifestVersion is ${version}`);
    valid = false;
  }

  const info = manifest.localizationInfo ?? {};
  const languageFiles = [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((l) => l.file)].filter(Boolean);
  for (const languageFile of languageFiles) {
    const languagePath = join(dirname(manifestPath), languageFile);
    if (!existsSync(languagePath)) {
      console.error(`${manifestPath}: localization file ${languageFile} is missing`);
      valid = false;
      continue;
    }
    const strings = readJson(languagePath);
    valid = strings !== undefined && report(languagePath, validatorFor(version, '.Localization'), strings) && valid;
  }
  console.log(`${manifestPath}: ${valid ? 'valid' : 'INVALID'} (schema v${version}${languageFiles.length ? `, ${languageFiles.join(', ')}` : ''})`);
  allValid &&= valid;
}
process.exit(allValid ? 0 : 1);
