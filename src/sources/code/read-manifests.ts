import type { InputNotice } from '../../model/index.js';
import type { RepoFiles } from '../repo/index.js';
import type { ManifestInfo } from './extractor.js';
import { type ConfigFileKind, configFileNotRead, readConfigFile } from './read-config-file.js';

// A manifest not read may name the framework that serves the routes: said, never a silent "no routes".
const MANIFEST: ConfigFileKind = {
  what: 'dependency manifest',
  maxBytes: 2 * 1024 * 1024,
  lost: 'the frameworks it names are not detected from it',
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Python distribution names compare case-insensitively with `-`, `_` and `.` equivalent (PEP 503). */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function isManifest(path: string): boolean {
  const name = baseName(path);
  return (
    name === 'package.json' ||
    /^requirements.*\.(txt|in)$/.test(name) ||
    name === 'pyproject.toml' ||
    name === 'setup.py' ||
    name === 'setup.cfg' ||
    name === 'Pipfile' ||
    name === 'pom.xml' ||
    name === 'build.gradle' ||
    name === 'build.gradle.kts' ||
    name === 'go.mod'
  );
}

/** Reads a package.json's dependencies; the parser's message when the file is not JSON. */
function readNpm(text: string, into: Set<string>): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (typeof data !== 'object' || data === null) return undefined;
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (data as Record<string, unknown>)[key];
    if (typeof deps === 'object' && deps !== null) for (const name of Object.keys(deps)) into.add(name);
  }
  return undefined;
}

// Manifest formats are small declarative files; a requirement name is the leading identifier of a spec string.
function addRequirement(spec: string, into: Set<string>): void {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
  if (match?.[1]) into.add(normalizePythonName(match[1]));
}

function readRequirements(text: string, into: Set<string>): void {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    addRequirement(line, into);
  }
}

function readPythonProject(text: string, into: Set<string>): void {
  let section = '';
  let inArray = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*/, '').trim();
    const header = /^\[+([^\]]+)\]+$/.exec(line);
    if (header?.[1]) {
      section = header[1].trim();
      inArray = false;
      continue;
    }
    if (/dependencies$|^packages$|dev-packages$/i.test(section) && !inArray) {
      const key = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line);
      if (key?.[1] && key[1] !== 'python') into.add(normalizePythonName(key[1]));
    }
    if (/(^|[\s_-])(dependencies|requires|install_requires)\s*=\s*\[/.test(line) || /^install_requires\s*=/.test(line))
      inArray = true;
    if (inArray || section.endsWith('optional-dependencies') || section.endsWith('dependency-groups')) {
      for (const m of line.matchAll(/["']([^"']+)["']/g)) if (m[1]) addRequirement(m[1], into);
      if (section === 'options' && /^[A-Za-z0-9]/.test(line) && !line.includes('=')) addRequirement(line, into);
    }
    if (inArray && line.includes(']')) inArray = false;
  }
}

function readMaven(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(m[1] ?? '')?.[1];
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(m[1] ?? '')?.[1];
    if (artifact) into.add(`${group ?? ''}:${artifact}`);
  }
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(text)?.[1];
  if (parent) {
    const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(parent)?.[1];
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(parent)?.[1];
    if (artifact) into.add(`${group ?? ''}:${artifact}`);
  }
}

function readGradle(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/["']([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::[^"']*)?["']/g))
    into.add(`${m[1]}:${m[2]}`);
  for (const m of text.matchAll(/group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']/g)) {
    into.add(`${m[1]}:${m[2]}`);
  }
  for (const m of text.matchAll(/id\s*\(?\s*["'](org\.springframework\.boot)["']/g)) into.add(`${m[1]}:plugin`);
}

function readGoMod(text: string, into: Set<string>): void {
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*/, '').trim();
    if (/^require\s*\($/.test(line)) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    else if (inBlock) {
      const mod = line.split(/\s+/)[0];
      if (mod) into.add(mod);
    } else {
      const single = /^require\s+(\S+)/.exec(line);
      if (single?.[1]) into.add(single[1]);
    }
  }
}

/** Reads every dependency manifest of the checkout (package.json, requirements*.txt, pyproject.toml, pom.xml, build.gradle, go.mod). */
export async function readManifests(repo: RepoFiles, files: readonly string[]): Promise<ManifestInfo> {
  const npm = new Set<string>();
  const python = new Set<string>();
  const java = new Set<string>();
  const go = new Set<string>();
  const read: string[] = [];
  const notRead: InputNotice[] = [];
  for (const file of files) {
    if (!isManifest(file)) continue;
    const text = await readConfigFile(repo, file, MANIFEST, notRead);
    if (text === undefined) continue;
    read.push(file);
    const name = baseName(file);
    if (name === 'package.json') {
      const problem = readNpm(text, npm);
      if (problem !== undefined) notRead.push(configFileNotRead(MANIFEST, file, 'unparsable', `not JSON: ${problem}`));
    } else if (name.startsWith('requirements')) readRequirements(text, python);
    else if (name === 'pyproject.toml' || name === 'setup.cfg' || name === 'Pipfile' || name === 'setup.py')
      readPythonProject(text, python);
    else if (name === 'pom.xml') readMaven(text, java);
    else if (name.startsWith('build.gradle')) readGradle(text, java);
    else if (name === 'go.mod') readGoMod(text, go);
  }
  return { npm, python, java, go, files: read, notRead };
}
