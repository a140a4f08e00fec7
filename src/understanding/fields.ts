import { FACT_FIELDS } from '../knowledge/schema.js';
import type { ConceptHit } from '../retrieval/glossary-matcher.js';

const FIELD_SET = new Set<string>(FACT_FIELDS);

/**
 * Phrasings whose field the glossary's words alone get wrong: "how long" is validity when it lasts, processing time
 * when it takes, the deadline when the company has it. Each names the field it means and the ones it rules out.
 */
const PHRASES: Array<{ re: RegExp; field: string; not: string[]; hard?: boolean }> = [
  { re: /how long\b[^?.!]{0,70}\b(last|lasts|valid|good for|remain|in force|stay|stays|effective)\b|how many (years|yrs)|how long til\w* (it )?expire|when does (it|the \w+) expire|\b(valid|validity|expiry|expires?|expiration)\b|몇\s*년|언제까지\s*(유효|효력)|유효|만료|얼마나\s*(오래\s*)?(유효|유지)|존속/i, field: 'validity', not: ['processing_time', 'holder_deadline'] },
  { re: /how long\b[^?.!]{0,70}\b(take|takes|taking|need to wait|until approv|to approve|to process|to get)\b|how (many|much) (days|weeks|time)\b[^?.!]{0,30}\b(process|approv|take)|\bprocess(ing)?\b[^?.!]{0,15}\b(time|take|days|weeks)|how (many days|long) to process|how quickly (is|are|will|do they|does it)\b[^?.!]{0,20}(approv|process|decid)|take to decide|얼마나\s*걸|며칠\s*걸|몇\s*(일|달|주)\s*걸|처리\s*(기간|하는데|하는\s*데|며칠|시간)|처리기간|처리\s*며칠|심사\s*기간|승인까지|소요\s*기간/i, field: 'processing_time', not: ['validity', 'holder_deadline'] },
  { re: /how (long|many (working )?days|much time)\b[^?.!]{0,30}\b(do|does|would|will) (we|i|the holder|holders|right holders?|the right holder|they give|customs give)\b(?![^?.!]{0,20}\b(take|wait)\b)|how (quickly|soon) must|\b(deadline|time limit)\b|holder get|\bhow (quickly|soon|fast) (do|must|should|would) (we|i|the holder)\b|start court action|(며칠|언제까지)\s*(안에|내에|이내|주나요|줘요)?\s*(대응|회신|답)|대응\s*기한|회신\s*기한|언제까지\s*(회신|대응|답|해야)|회신\s*언제까지|\b(reply|respond|answer) in time\b|\bwithin (the )?days of\b|\b(what|how) must (we|the (right )?holder) do\b[^?.!]{0,40}\bnotice\b|\bwithin (some|a few|how many|\d+) (working |business )?days\b|\bdon'?t (reply|respond|answer)\b|며칠\s*(안에|내에|이내|주나요|줘요)|기한|대응해야|회신해야|답해야|\d+\s*일\s*(안에|내에|이내)|\bwithin \d+ (working |business )?days\b|소송\s*제기\s*기한|소송을?\s*꼭|법원\s*명령|\b(litigation|court (action|order)|lawsuit)\b[^?.!]{0,30}\b(needed|required|after|necessary)|\bcourt order after/i, field: 'holder_deadline', not: ['validity', 'processing_time'] },
  // A deadline or period "extended" is the holder's deadline, not the recordation's renewal.
  { re: /\b(deadline|period|time limit|working days?)\b[^?.!]{0,40}\bextend\w*|\bextend\w*\b[^?.!]{0,30}\b(deadline|period|time limit)\b|(기한|기간)\S*\s*(을|를|도)?\s*연장/i, field: 'holder_deadline', not: ['renewal'], hard: true },
  { re: /\b(renew|renewal|renewing|renewed|extend|extended|extension)\b|갱신|갱싱|연장/i, field: 'renewal', not: ['holder_deadline'] },
  { re: /\b(fee|fees|cost|costs|price|cheaper|free of charge|is it free|recordation free|charge)\b|how much (is|does|do|for)\b(?![^?.!]{0,20}\b(security|bond|time|support|cover))|수수료|등록비|관납료|비용(?!\s*(지원|도\s*지원))|얼마(예요|에요|인가요|죠|야|임|에여|\?|\s*$|\s*들|\s*드)|무료/i, field: 'fees', not: [] },
  { re: /\b(need|needs|require[sd]?|must|have to|has to|use|using|appoint|hire|without|mandatory|necessary)\b[^?.!]{0,25}\b(a |an )?(local |[a-z]+ )?(agent|lawyer|attorney|representative|entity|company|office)\b|\b(local agent|local representative|local attorney)\b|\b(can|may|could) (an?|our|a local) (agent|lawyer|attorney|representative) (file|apply|record|do it|submit)\b|\b(agent|lawyer|attorney|representative)\b[^?.!]{0,15}\b(required|needed|necessary|mandatory)\b|(대리인|변리사|현지\s*(법인|회사|사무소)|로펌)\S*\s*(가|이|은|는|를|을)?\s*(꼭\s*)?(필요|있어야|써야|선임|없이|통해야|필수|두어야)|(꼭|반드시)\s*(대리인|변리사)|대신\s*신청|직접\s*(등록\s*)?(신청|등록|제출)(해도|할\s*수|이\s*가능)|직접\s*해도\s*돼|\b(file|apply|do it|record)\b[^?.!]{0,20}\bourselves\b|\bdirectly\b[^?.!]{0,20}\b(file|apply)|\b(file|apply)\b[^?.!]{0,15}\bdirectly\b/i, field: 'local_agent', not: [] },
  { re: /\bhow (do|can|to|should) (i|we|you)?\s*(file|apply|register|record|submit|request)\b|\bstep by step\b|\bhow to (file|apply|register|record)\b|how do i file|\bwhere (do|can|should|to) (we |i )?(submit|file|apply|lodge|send)\b|\bhow (do|can|should) (we|i) (ask|get|request)\b[^?.!]{0,30}\bcustoms\b[^?.!]{0,10}\bto (stop|seize|detain|block|act|watch)|어디(에|로|서)?\s*(신청|제출|접수)|어디(서|에서)\s*(하|해|신고|등록)|온라인으로\s*(신청|등록)|\b(apply|file|register) online\b|(세관\s*)?등록을?\s*어떻게|어떻게\s*(신청|등록|신고)|신청\s*방법|등록\s*방법|(등록|신청|신고)하려면\s*어떻게|(등록|신청|신고)하려면\s*[?？]?\s*$|(등록|신청|신고)\s*절차|절차\s*(좀\s*)?(알려|가\s*어떻게|는\s*어떻게)|등록하는\s*방법|등록\s*어떻게|신청은\s*어떻게/i, field: 'how_to_file', not: [] },
  { re: /\bwhat do (we|i) (have|need) to (hand in|provide|submit|send|prepare|file)\b|\bhand in\b|\bdocs\b|\b(documents?|paperwork|papers|power of attorney|poa|evidence|what do (i|we) need to (submit|send|provide)|list (authori[sz]ed|our) (importers|licensees))\b|서류|위임장|구비|제출\s*(해야|할|자료)|준비물|수입업체\s*(목록|명단)/i, field: 'documents', not: [] },
  { re: /\b(bond|security|guarantee|deposit|collateral)\b|담보|보증금|공탁/i, field: 'bond', not: [] },
  { re: /\b(storage|storing|destruction|destroying|disposal|disposing|demurrage)\b|보관비|폐기비|폐기\s*비용|보관\s*비용|창고료/i, field: 'costs', not: ['fees'], hard: true },
  { re: /\b(which|what) (rights?|kinds? of (rights?|ip)|types? of (rights?|ip))\b|\bcan (we|i) record (a |an |our )?(design|patent|copyright|utility model|trade ?mark)s?\b|\baccepts? (design|patent|copyright|trade ?mark)s?\b|어떤\s*권리|무슨\s*권리|(상표|디자인|특허|저작권|실용신안)(권)?(도|은|는|에도)?\s*(세관에\s*)?(등록|보호|쓸\s*수|적용)\s*(되|가능|할\s*수|있)/i, field: 'rights', not: [] },
  { re: /\blegal basis\b|\b(which|what) (law|laws|regulation|regulations)\b|근거\s*(법|법령|규정)|법적\s*근거|무슨\s*법/i, field: 'legal_basis', not: [] },
  { re: /\bupdate\b|\bchange (of|our|the) (address|name|owner|details)|changed our (company )?(address|name)|주소가?\s*바뀌|변경\s*(신고|은|하려면|어떻게)|정보\s*변경/i, field: 'updates', not: ['how_to_file'], hard: true },
  { re: /\bregister\b[^?.!]{0,40}\bbefore (record|recording|filing)|\bregistration before (we|you|i) (can )?(record|file)|\brequires? (a |an )?(local |\w+ )?(tm |trade ?mark )?registration\b|먼저\s*등록(돼|되어)\s*있어야|\bmadrid\b|마드리드|\b(only )?registered (only )?in korea\b|\bkorean registration\b|(한국|국내)에(서)?만\s*등록|한국\s*등록(만|으로)|\b(not|isn'?t|aren'?t) (yet )?registered\b|\bunregistered\b|등록부터|먼저\s*(상표\s*)?등록|등록이?\s*안\s*된|미등록|출원\s*중/i, field: 'local_registration', not: [] },
  { re: /\b(on (their|its) own|ex officio|without (a |any )?recordation)\b|직권|등록\s*(없이|안\s*해도)/i, field: 'ex_officio', not: [] },
  { re: /\b(small (parcels?|consignments?)|postal|courier|parcels?)\b|소량|소포|우편물|특송/i, field: 'small_consignments', not: [] },
  { re: /\bwho (can|may|should) (apply|file|record|submit)\b|\beligible to (apply|file)|\bcan (our|a|the|an) (distributor|licensee|subsidiary|importer|partner|korean (hq|head office|parent)) (apply|file|record)\b|\bno (local )?(company|entity|office|subsidiary|branch)\b|신청\s*자격|누가\s*(신청|등록|할\s*수|낼\s*수)|(법인|회사|지사|사무소)(이|가)?\s*없/i, field: 'who_may_apply', not: [] },
  { re: /\bwhat (typically |usually |normally )?happens (when|if|after|next|to)\b|\bnext steps?\b|\b(detain|detains|detained|detention|seize|seizes|seized|seizure|confiscat\w*|destroy|destroyed|stops? a shipment|blocks? a|keep seized|found fakes?|fakes are found|detained goods|suspension of release|contact the right holder|notify the right holder|(a )?customs hold)\b|억류|압류|압수|적발|유치|통관\s*보류|보류|잡으면|멈추면|인정\s*절차|폐기(도|하나요|해요|되나요|할\s*수)/i, field: 'detention', not: [] },
];
/** Glossary topics too loose to name a field alone ("절차", "application", "how long"). */
const WEAK_TOPICS = new Set(['how_to_file', 'documents', 'validity', 'processing_time', 'holder_deadline', 'detention', 'local_agent', 'who_may_apply', 'local_registration', 'updates']);

/** Fields where a more specific one says the same thing better: asked both, keep the specific one. */
const SUBSUMED: Record<string, string[]> = { detention: ['holder_deadline', 'bond', 'costs', 'documents', 'ex_officio', 'how_to_file'], how_to_file: ['updates', 'documents', 'local_registration'], holder_deadline: ['renewal'] };

export interface FieldReading {
  /** Profile fields asked, in the order the message asks them. */
  fields: string[];
  /** 0..1: a phrase that states the field is surer than a glossary word that often goes with it. */
  confidence: number;
}

export function readFields(text: string, hits: readonly ConceptHit[]): FieldReading {
  const at = new Map<string, number>();
  const put = (f: string, pos: number) => {
    if (!at.has(f) || at.get(f)! > pos) at.set(f, pos);
  };
  const ruledOut = new Set<string>();
  const hardOut = new Set<string>();
  for (const p of PHRASES) {
    const m = p.re.exec(text);
    if (!m) continue;
    put(p.field, m.index);
    for (const n of p.not) (p.hard ? hardOut : ruledOut).add(n);
  }
  const phrased = at.size > 0;
  // The glossary's topic words are the fallback: they name what a message is about more than what it asks.
  if (!phrased) for (const h of hits) if (h.kind === 'topic' && FIELD_SET.has(h.id) && !WEAK_TOPICS.has(h.id)) put(h.id, h.start);
  // A phrase picks the field among the "how long" family; it never removes a field it asked for itself.
  for (const p of PHRASES) if (p.re.test(text)) ruledOut.delete(p.field);
  for (const f of [...ruledOut, ...hardOut]) at.delete(f);
  for (const [general, specific] of Object.entries(SUBSUMED)) if (at.has(general) && specific.some((s) => at.has(s))) at.delete(general);
  const fields = [...at.entries()].sort((a, b) => a[1] - b[1]).map(([f]) => f);
  return { fields, confidence: fields.length ? (phrased ? 0.9 : 0.7) : 0 };
}
