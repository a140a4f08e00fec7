import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokenizer } from '../retrieval/tokenize.js';
import { sigmoid, trainBinary, type BinaryModel } from './classifier.js';
import { messageFeatures } from './features.js';
import { ruleHits } from './rules.js';
import { SITUATIONS, type LabelledMessage, type Situation } from './labelled-set.js';

/** One binary model per situation, trained on the labelled set's training side. */
export interface SituationModel {
  version: number;
  dataHash: string;
  models: Record<Situation, BinaryModel>;
}

// Bump when features or training change, so a cached model is retrained.
const VERSION = 3;

/** Urgent situations weigh a missed positive more: a missed detention costs more than a needless ticket. */
const POSITIVE_WEIGHT: Record<Situation, number> = { goods_held: 3, accused: 3, dispute: 2, wants_person: 2, frustrated: 1.5, hypothetical: 1.5 };

export function trainSituationModel(examples: LabelledMessage[], tokenizer: Tokenizer, dataHash: string): SituationModel {
  const train = examples.filter((e) => !e.heldOut);
  const feats = train.map((e) => messageFeatures(e.text, tokenizer, ruleHits(e.text)));
  const models = {} as Record<Situation, BinaryModel>;
  for (const s of SITUATIONS)
    models[s] = trainBinary(
      train.map((e, i) => ({ features: feats[i], label: e.situation.includes(s) })),
      { epochs: 400, learningRate: 1, l2: 2e-3, positiveWeight: POSITIVE_WEIGHT[s] },
    );
  return { version: VERSION, dataHash, models };
}

/** The cached model when it was trained on these examples with this code; else a new one, cached. */
export function loadOrTrainSituationModel(opts: { examples: LabelledMessage[]; dataHash: string; tokenizer: Tokenizer; cacheDir?: string }): SituationModel {
  const file = opts.cacheDir ? join(opts.cacheDir, 'situation-model.json') : null;
  if (file && existsSync(file)) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as SituationModel;
      if (cached.version === VERSION && cached.dataHash === opts.dataHash) return cached;
    } catch {
      // A damaged cache is retrained below.
    }
  }
  const model = trainSituationModel(opts.examples, opts.tokenizer, opts.dataHash);
  if (file) {
    mkdirSync(opts.cacheDir!, { recursive: true });
    writeFileSync(file, JSON.stringify(model));
  }
  return model;
}

/**
 * The models' weights regrouped by feature: one Map lookup per feature gives its weight in every situation, where
 * scoring each model alone would build the feature set and look each feature up once per situation.
 */
interface CompiledModel {
  bias: Float64Array;
  weights: Map<string, Float64Array>;
}
const compiled = new WeakMap<SituationModel, CompiledModel>();

function compile(model: SituationModel): CompiledModel {
  const bias = Float64Array.from(SITUATIONS, (s) => model.models[s].bias);
  const weights = new Map<string, Float64Array>();
  SITUATIONS.forEach((s, i) => {
    for (const [f, w] of Object.entries(model.models[s].weights)) {
      let v = weights.get(f);
      if (!v) weights.set(f, (v = new Float64Array(SITUATIONS.length)));
      v[i] = w;
    }
  });
  return { bias, weights };
}

/** Each situation's logistic score: its bias, then each distinct feature's weight in first-seen order. */
export function scoreSituations(model: SituationModel, features: string[]): Record<Situation, number> {
  let c = compiled.get(model);
  if (!c) compiled.set(model, (c = compile(model)));
  const z = Float64Array.from(c.bias);
  for (const f of new Set(features)) {
    const v = c.weights.get(f);
    if (v) for (let i = 0; i < z.length; i++) z[i] += v[i];
  }
  const out = {} as Record<Situation, number>;
  SITUATIONS.forEach((s, i) => (out[s] = sigmoid(z[i])));
  return out;
}

