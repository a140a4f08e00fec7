import { readFileSync, readdirSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, basename, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { ZodError } from 'zod';
import {
  jurisdictionProfile,
  pageFrontMatter,
  glossary as glossarySchema,
  type JurisdictionProfile,
  type PageFrontMatter,
  type GlossaryEntry,
} from './schema.js';
import type { Source } from './schema.js';
import { renderReferences, splitSections, sourcesOfRefs, firstSentence, type FactRef } from './refs.js';

export interface KnowledgePage extends PageFrontMatter {
  /** The body as shown: references to profile facts ({{fact vn.holder_deadline}}, tables) rendered. */
  body: string;
  file: string;
  /** The body as written, references unrendered (absent on pages built in code). */
  raw?: string;
  /** Profile facts the page shows through references. */
  refs?: FactRef[];
  /** Per section (as split by `splitSections`), the sources of the profile facts it shows. */
  sectionSources?: Source[][];
}

export interface KnowledgeBase {
  dir: string;
  profiles: JurisdictionProfile[];
  pages: KnowledgePage[];
  glossary: GlossaryEntry[];
  /** Hash of every file's bytes: the index is stale when this changes. */
  hash: string;
}

export class KnowledgeError extends Error {
  constructor(public readonly problems: string[]) {
    super(`knowledge base has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

function formatZod(file: string, err: ZodError): string[] {
  return err.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
}

function listFiles(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * The YAML and front-matter parsers are loaded only when the files are parsed (not when the cache is read): together
 * they are over a hundred modules.
 */
const require = createRequire(import.meta.url);
let parsers: { YAML: typeof import('yaml'); matter: typeof import('gray-matter') } | null = null;
const loadParsers = () => (parsers ??= { YAML: require('yaml') as typeof import('yaml'), matter: require('gray-matter') as typeof import('gray-matter') });

/** Every file the knowledge base is made of, in the order they are read and hashed. */
function knowledgeFiles(dir: string): string[] {
  const glossary = join(dir, 'glossary.yaml');
  return [
    ...listFiles(join(dir, 'jurisdictions'), /\.ya?ml$/),
    ...listFiles(join(dir, 'guides'), /\.md$/),
    ...listFiles(join(dir, 'programmes'), /\.md$/),
    ...(existsSync(glossary) ? [glossary] : []),
  ];
}

/** This loader's own code (the modules beside this one): a cached result is only as good as the code that made it. */
let loaderHash: string | null = null;
function loaderVersion(): string {
  if (loaderHash) return loaderHash;
  const here = fileURLToPath(import.meta.url);
  const h = createHash('sha256');
  for (const f of readdirSync(dirname(here)).filter((x) => extname(x) === extname(here)).sort()) h.update(f).update('\0').update(readFileSync(join(dirname(here), f)));
  return (loaderHash = h.digest('hex').slice(0, 16));
}

const CACHE_FILE = 'knowledge.json';

/**
 * Loads and validates the whole knowledge base; throws KnowledgeError listing every problem at once.
 *
 * With `cacheDir` (the server's and the CLIs' index folder), the parsed and validated result is kept there as JSON
 * under the hash of every knowledge file and of this loader's code, and read back while both are the same: the files
 * are still read and hashed at every start (a few ms), the YAML and Markdown are parsed and checked only when they
 * changed. `npm run kb:check` and the tests never use the cache.
 */
export function loadKnowledge(dir: string, opts: { cacheDir?: string } = {}): KnowledgeBase {
  const files = knowledgeFiles(dir);
  const texts = new Map<string, string>();
  const hash = createHash('sha256');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    hash.update(file.slice(dir.length)).update('\0').update(text).update('\0');
    texts.set(file, text);
  }
  const digest = hash.digest('hex').slice(0, 16);
  if (!opts.cacheDir) return parseKnowledge(dir, texts, digest);
  const cacheFile = join(opts.cacheDir, CACHE_FILE);
  const key = { hash: digest, dir, loader: loaderVersion() };
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as typeof key & { kb: KnowledgeBase };
    if (cached.hash === key.hash && cached.dir === key.dir && cached.loader === key.loader) return cached.kb;
  } catch {
    /* none yet, or unreadable: parse */
  }
  const kb = parseKnowledge(dir, texts, digest);
  try {
    mkdirSync(opts.cacheDir, { recursive: true });
    const tmp = `${cacheFile}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ ...key, kb }));
    renameSync(tmp, cacheFile);
  } catch {
    /* a read-only folder: parse at every start */
  }
  return kb;
}

function parseKnowledge(dir: string, texts: Map<string, string>, digest: string): KnowledgeBase {
  const { YAML, matter } = loadParsers();
  const problems: string[] = [];
  const read = (file: string) => texts.get(file) ?? readFileSync(file, 'utf8');

  const profiles: JurisdictionProfile[] = [];
  for (const file of listFiles(join(dir, 'jurisdictions'), /\.ya?ml$/)) {
    try {
      const parsed = jurisdictionProfile.safeParse(YAML.parse(read(file)));
      if (!parsed.success) problems.push(...formatZod(file, parsed.error));
      else if (basename(file).replace(/\.ya?ml$/, '').toUpperCase() !== parsed.data.code)
        problems.push(`${file}: file name must be the profile code in lower case (${parsed.data.code.toLowerCase()}.yaml)`);
      else profiles.push(parsed.data);
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
    }
  }

  const pages: KnowledgePage[] = [];
  for (const sub of ['guides', 'programmes']) {
    for (const file of listFiles(join(dir, sub), /\.md$/)) {
      try {
        // The yaml package keeps dates as written (gray-matter's default parser turns them into Date objects).
        const { data, content } = matter(read(file), { engines: { yaml: (s: string) => YAML.parse(s) as object } });
        const parsed = pageFrontMatter.safeParse(data);
        if (!parsed.success) problems.push(...formatZod(file, parsed.error));
        else if (!content.trim()) problems.push(`${file}: empty body`);
        else if (!basename(file).endsWith(`.${parsed.data.lang}.md`)) problems.push(`${file}: file name must end in .${parsed.data.lang}.md`);
        else pages.push({ ...parsed.data, body: content.trim(), file });
      } catch (e) {
        problems.push(`${file}: ${(e as Error).message}`);
      }
    }
  }
  // Every page exists in both languages under the same id.
  const byId = new Map<string, Set<string>>();
  for (const p of pages) byId.set(p.id, (byId.get(p.id) ?? new Set()).add(p.lang));
  for (const [id, langs] of byId) if (langs.size !== 2) problems.push(`page "${id}" exists only in ${[...langs].join(', ')}; add the other language`);
  const pageKeys = new Set<string>();
  for (const p of pages) {
    const key = `${p.id}/${p.lang}`;
    if (pageKeys.has(key)) problems.push(`${p.file}: duplicate page id "${p.id}" in ${p.lang}`);
    pageKeys.add(key);
  }

  let glossary: GlossaryEntry[] = [];
  const glossaryFile = join(dir, 'glossary.yaml');
  if (existsSync(glossaryFile)) {
    const parsed = glossarySchema.safeParse(YAML.parse(read(glossaryFile)));
    if (!parsed.success) problems.push(...formatZod(glossaryFile, parsed.error));
    else glossary = parsed.data.entries;
  } else problems.push(`${glossaryFile}: missing`);
  const ids = new Set<string>();
  for (const g of glossary) {
    if (ids.has(g.id)) problems.push(`${glossaryFile}: duplicate entry id "${g.id}"`);
    ids.add(g.id);
  }

  const codes = new Set(profiles.map((p) => p.code));
  if (codes.size !== profiles.length) problems.push('two profiles share one code');

  // References from pages to profile facts are rendered here, so every reader sees the profile's current text.
  const byCode = new Map(profiles.map((p) => [p.code, p]));
  for (const page of pages) {
    const r = renderReferences(page.body, page.lang, byCode);
    problems.push(...r.problems.map((m) => `${page.file}: ${m}`));
    if (!r.facts.length) continue;
    page.raw = page.body;
    page.body = r.text;
    page.refs = r.facts;
    page.sectionSources = splitSections(page.raw).map((sec) => sourcesOfRefs(renderReferences(sec.body, page.lang, byCode).facts, byCode));
    // Facts the page shows that could not be confirmed are unconfirmed points of the page too.
    const seen = new Set(page.unconfirmed);
    for (const ref of r.facts) {
      const f = byCode.get(ref.code)!.facts[ref.field];
      const first = firstSentence(f[page.lang]);
      if (f.status === 'unconfirmed' && !seen.has(first)) {
        seen.add(first);
        page.unconfirmed.push(first);
      }
    }
  }
  for (const p of pages)
    for (const j of p.jurisdictions) if (!codes.has(j)) problems.push(`${p.file}: names jurisdiction ${j}, which has no profile`);

  if (problems.length) throw new KnowledgeError(problems);
  return { dir, profiles, pages, glossary, hash: digest };
}
