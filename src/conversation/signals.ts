/**
 * What a user's message says about the situation, in either language. Patterns look for the situation
 * (goods already held, a notice received), not the topic: "what happens if goods are detained?" is a question,
 * "our goods were detained yesterday" is a case.
 */
export interface Signals {
  wantsPerson: boolean;
  goodsDetained: boolean;
  dispute: boolean;
}

const PERSON = [
  /담당자|상담원|상담사|사람\s*(과|이랑|하고|한테)?\s*(상담|연결|통화|얘기|이야기|대화)|사람\s*연결|직원\s*(연결|상담|과|이랑)|전문가\s*(연결|상담)|전화\s*(상담|주세요|부탁)/,
  /\b(talk|speak|chat)\s+(to|with)\s+(a|an|the|some)?\s*(real\s+|live\s+)?(person|human|someone|staff|agent|expert|officer)\b/i,
  /\b(real|live)\s+(person|human|agent)\b|\bhuman\s+(agent|help|please)\b|\bcontact\s+(a\s+)?(person|human|staff|your\s+staff)\b|\bescalate\b|\bcall\s+me\b/i,
];

const DETAINED = [
  /(억류|유치|압류|압수|통관\s*보류|보류|정지|적발|차단|몰수)\s*(가\s*|이\s*)?(됐|되었|됨|당했|당함|중이|돼\s*있|되어\s*있|됐어|된\s*상태)/,
  /(억류|유치|압류|압수|보류|정지|적발|차단|몰수)\s*(했|하였|하고\s*있|했다|했대)/,
  /(통지|통보|연락|서한|공문|레터)\S*\s*(가|이)\s*(왔|옴|도착)/,
  /(세관|해관)(에서|에)\s*(잡혔|걸렸|막혔|멈춰|연락|통지|통보|서한|편지|메일)/,
  /(억류|통관\s*보류|압류|유치)\s*(통지|통보|안내|서한|레터)\S*\s*(를|을)?\s*(받았|받음|왔|옴|받은|도착)/,
  /(통지|통보)\S*\s*(를|을)?\s*받았/,
  /\b(were|was|been|got|are being|is being|have been|has been)\s+(detained|seized|held|suspended|stopped|confiscated)\b/i,
  /\b(received|got|have)\s+(a|an|the)?\s*(detention|seizure|suspension|customs)\s+(notice|notification|letter)\b/i,
  /\b(detained|seized|held|stopped|confiscated|suspended|blocked)\s+(a|an|one|two|some|several|our|the|\d+)\b[^.?!]{0,60}\b(shipments?|containers?|goods|products|consignments?|parcels?|cargo|items|boxes)\b/i,
  /\b(got|received|have)\s+(a|an|the)\s+([\w-]+\s+)?(notice|notification|letter|e-?mail)\b[^.?!]{0,80}\bcustoms\b|\bcustoms\b[^.?!]{0,40}\b(notified|emailed|contacted|wrote to)\s+us\b/i,
  /\b(detained|seized|held|stuck)\s+(at|by)\s+(the\s+)?(customs|border|port)\b.*\b(yesterday|today|last|ago|this)\b|\b(yesterday|today|last week|this morning)\b.*\b(detained|seized|held)\b/i,
];

const DISPUTE = [
  /소송|분쟁|고소|고발|경고장|내용증명|법적\s*(대응|조치|분쟁)|법률\s*(자문|상담)|손해\s*배상|침해\s*소송|무효\s*심판|이의\s*신청을?\s*당/,
  /\b(lawsuit|litigation|sue|suing|sued|dispute|cease[- ]and[- ]desist|legal advice|court case|damages claim|injunction)\b/i,
];

export function detectSignals(text: string): Signals {
  const t = text.normalize('NFKC');
  return {
    wantsPerson: PERSON.some((r) => r.test(t)),
    goodsDetained: DETAINED.some((r) => r.test(t)),
    dispute: DISPUTE.some((r) => r.test(t)),
  };
}
