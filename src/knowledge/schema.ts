import { z } from 'zod';

/** ISO date (YYYY-MM-DD) that is a real calendar day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'not a real calendar date',
  });

/** Every text the user may see exists in both languages. */
export const bilingual = z.object({ ko: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();
export type Bilingual = z.infer<typeof bilingual>;

export const bilingualWithLocal = bilingual.extend({ local: z.string().trim().min(1).optional() }).strict();

export const SOURCE_GRADES = ['official', 'official-copy', 'professional', 'press'] as const;
export type SourceGrade = (typeof SOURCE_GRADES)[number];

export const source = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'source ids are kebab-case'),
    title: z.string().min(1),
    url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'source URL must be http(s)'),
    publisher: z.string().min(1).optional(),
    /** Date printed on the source, when it has one. */
    published: isoDate.optional(),
    /** The day the fact was checked against this source. */
    verified: isoDate,
    /** True exactly when `grade` is `official` (kept for older readers). */
    official: z.boolean().default(false),
    /**
     * What the source is: `official` (the authority or the legislation itself, on an official host),
     * `official-copy` (a faithful republication of an official text), `professional` (law firm, IP office abroad,
     * chamber, helpdesk), `press`. Every source says it.
     */
    grade: z.enum(SOURCE_GRADES),
  })
  .strict();

/** `official: true` only for grade `official`: a law-firm copy, shop page or mirror is never official. */
function checkOfficial(sources: Array<{ official: boolean; grade: SourceGrade }>, ctx: z.RefinementCtx) {
  sources.forEach((s, i) => {
    if (s.official !== (s.grade === 'official'))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sources', i, 'official'], message: `official must be ${s.grade === 'official'} for grade ${s.grade}` });
  });
}
export type Source = z.infer<typeof source>;

export const RIGHT_KINDS = ['trademark', 'copyright', 'patent', 'utility_model', 'design', 'geographical_indication', 'plant_variety', 'trade_name'] as const;
export type RightKind = (typeof RIGHT_KINDS)[number];

/**
 * One fact of a profile. `confirmed` facts must cite sources; `unconfirmed` ones say so in both languages
 * (the bot routes such questions to staff); `not_applicable` means the system has no such thing.
 */
export const fact = z
  .object({
    status: z.enum(['confirmed', 'unconfirmed', 'not_applicable']),
    ko: z.string().trim().min(1),
    en: z.string().trim().min(1),
    sources: z.array(z.string()).default([]),
    /** Bulleted details (documents, steps) in both languages. */
    items: z.array(bilingual).optional(),
    note: bilingual.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.status === 'confirmed' && f.sources.length === 0)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a confirmed fact needs at least one source' });
  });
export type Fact = z.infer<typeof fact>;

const duration = z
  .object({ years: z.number().positive().optional(), months: z.number().positive().optional(), days: z.number().positive().optional() })
  .strict();

/** Structured figures the walkthrough computes with (deadlines, renewal dates). Text stays in the facts. */
export const figures = z
  .object({
    /** Recordation validity; absent when it is unconfirmed or tied only to the IP right. */
    validity: duration.optional(),
    /** Validity also ends when the underlying right ends. */
    validityTiedToRight: z.boolean().optional(),
    /** How long before expiry the renewal can be filed. */
    renewalWindow: duration.optional(),
    /** The right holder's first deadline after a detention notice. */
    holderDeadline: z.object({ days: z.number().positive(), unit: z.enum(['working', 'calendar', 'hours']) }).strict().optional(),
    /** Official fee for a new recordation: 0 means free; absent means unconfirmed. */
    officialFee: z.object({ amount: z.number().nonnegative(), currency: z.string().length(3), per: z.string().optional() }).strict().optional(),
  })
  .strict();

export const FACT_FIELDS = [
  'legal_basis',
  'rights',
  'local_registration',
  'who_may_apply',
  'local_agent',
  'how_to_file',
  'documents',
  'fees',
  'processing_time',
  'validity',
  'renewal',
  'updates',
  'detention',
  'holder_deadline',
  'bond',
  'costs',
  'small_consignments',
  'ex_officio',
  'tips',
] as const;
export type FactField = (typeof FACT_FIELDS)[number];

export const jurisdictionProfile = z
  .object({
    code: z.string().regex(/^[A-Z]{2}$/, 'two-letter code such as CN or EU'),
    name: bilingualWithLocal,
    authority: z.object({ name: bilingualWithLocal, url: z.string().url() }).strict(),
    procedure: z.object({ name: bilingualWithLocal }).strict(),
    summary: bilingual,
    recordableRights: z.array(z.enum(RIGHT_KINDS)).min(1),
    filing: z
      .object({ system: bilingual, url: z.string().url().optional(), language: bilingual })
      .strict(),
    figures,
    facts: z.object(Object.fromEntries(FACT_FIELDS.map((k) => [k, fact])) as Record<FactField, typeof fact>).strict(),
    sources: z.array(source).min(1),
    /** The day the whole profile was last reviewed. */
    reviewed: isoDate,
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = new Set(p.sources.map((s) => s.id));
    if (ids.size !== p.sources.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'duplicate source id' });
    checkOfficial(p.sources, ctx);
    for (const [field, f] of Object.entries(p.facts))
      for (const s of f.sources)
        if (!ids.has(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['facts', field, 'sources'], message: `unknown source id "${s}"` });
  });
export type JurisdictionProfile = z.infer<typeof jurisdictionProfile>;

/** Front matter of a guide or programme page (one file per language, same id). */
export const pageFrontMatter = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    lang: z.enum(['ko', 'en']),
    title: z.string().min(1),
    kind: z.enum(['guide', 'programme']),
    jurisdictions: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    topics: z.array(z.string()).default([]),
    sources: z.array(source.omit({ id: true }).extend({ id: z.string().optional() })).min(1),
    verified: isoDate,
    /** Facts on the page that could not be confirmed, said in the page's language. */
    unconfirmed: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((p, ctx) => checkOfficial(p.sources, ctx));
export type PageFrontMatter = z.infer<typeof pageFrontMatter>;

/** Glossary: terms of both languages that mean one concept; drives query expansion and entity detection. */
export const glossaryEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$|^[A-Z]{2}$/),
    kind: z.enum(['jurisdiction', 'right', 'authority', 'topic', 'organisation']),
    ko: z.array(z.string().min(1)).min(1),
    en: z.array(z.string().min(1)).min(1),
    other: z.array(z.string().min(1)).default([]),
    /** For jurisdictions: the profile code this maps to (EU member states map to EU). */
    profile: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .strict();
export const glossary = z.object({ entries: z.array(glossaryEntry) }).strict();
export type GlossaryEntry = z.infer<typeof glossaryEntry>;
