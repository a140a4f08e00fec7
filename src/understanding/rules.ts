/**
 * The few situations a pattern states with near certainty. The classifier reads the rest; these keep working
 * for the phrasings no training example foresaw ("I need a person", "통지서 받았어요").
 */
export interface RuleHits {
  wantsPerson: boolean;
  goodsHeld: boolean;
  accused: boolean;
  dispute: boolean;
  hypothetical: boolean;
  frustrated: boolean;
}

const PERSON = [
  /담당자\s*(연결|님?\s*(한테|에게|께|랑|와|과)|분?\s*(께|한테|에게|이랑|하고)|상담|통화|연락|님\s*연락)|담당\s*\S{0,4}님께\s*전달|전달\s*부탁|직접\s*(얘기|이야기|설명|통화|상담|연락)|전화\s*(한\s*통|좀|주실|주세요|부탁|해\s*주)|사람\s*(없어요|없나요|있어요\?)|(직원|사람|전문가)\S*\s*(이|가|께서)?\s*(직접\s*)?(봐\s*주|확인해\s*주|검토해\s*주|봐주)|상담원|상담사|사람\s*(과|이랑|하고|한테|이)?\s*(상담|연결|통화|얘기|이야기|대화|바꿔)|사람\s*연결|직원\S*\s*(연결|상담|과|이랑|하고|한테)|전문가\S*\s*(연결|상담|랑|와|과|하고|한테)|전화\s*(상담|주세요|부탁|주실|해\s*주)|통화\s*(하고\s*싶|가능|원|부탁)|상담\s*(신청|원해|원합|받고\s*싶|하고\s*싶|받을\s*수|가능(?!한?\s*시간))|콜백|연락\s*(주세요|부탁|주실|좀)|챗봇\s*말고|넘겨\s*주세요|넘겨주세요/,
  /\b(talk|speak|chat)\s+(to|with)\s+(a|an|the|some|your)?\s*(real\s+|live\s+)?(person|human|someone|somebody|staff|agent|expert|officer|specialist|consultant|team)\b/i,
  /\b(real|live|actual)\s+(person|human|agent|people)\b|\bhuman\s+(agent|help|please|pls|plz|being)\b|^\s*(a\s+)?human(\s+please|\s+pls|\s+plz)?\s*[.!?]*\s*$|\bcontact\s+(a\s+)?(person|human|staff|your\s+staff)\b|\bescalate\b|\bcall\s+me\b|\bcall\s*back\b|\bphone\s+call\b|\b(get|have|ask)\s+(someone|somebody)\s+(to\s+)?(call|contact|phone|email)\b|\b(discuss|talk|speak|chat|go through)\b[^.?!]{0,20}\b(with|to)\b[^.?!]{0,12}\b(your|a|an|one of your|someone from your)\b[^.?!]{0,12}\b(specialists?|experts?|consultants?|staff|team|people|colleagues?|advisers?|advisors?)\b|\bspeak (with|to) whoever\b|\b(a |your )?(consultant|specialist|expert|adviser|advisor)s?\s+(review|look at|check|go over)\b/i,
  /\b(need|want|get|connect|put)\s+(me\s+)?(to\s+|with\s+|through\s+to\s+)?(a|an|some)?\s*(person|human|someone|somebody|staff|expert|specialist|consultant|operator)\b(?!\s+(in|for|to)\s+(file|register|record|the))|\bget\s+me\s+(an?\s+)?(agent|human|person)\b/i,
  /\bconnect\s+me\b|\bput\s+me\s+through\b|^\s*(live\s+)?(agent|operator|representative)\s*(please|pls)?[.!?]*\s*$|\b(consultation|consult)\s+with\s+(your|a|an)\b|\b(someone|somebody)\s+(to\s+)?(look\s+at|review|call|contact)\s+(my|our|me|us)\b|\bhave\s+(someone|somebody)\s+(look|call|contact)/i,
];

const HELD_NOW = [
  /\b(still|currently|now)\s+(held|detained|stuck|blocked|on hold)\b|\bwon'?t let (our|the|my) \w+ (through|go|out)\b|\bfound fakes of our\b|\bwants? us to (file|confirm|verify|respond|reply|send)\b/i,
  /(잡았|잡았다|나오질\s*않|못\s*나오|세워\s*뒀|세워뒀|붙잡|묶어\s*뒀|보류\s*걸|홀드\s*걸|detention\s*걸)|(못|안)\s*빼고|반출이?\s*안\s*(됐|돼|되)|통관(을|이)?\s*(못|안)\s*(하고|하는|해|되|돼)|(통관|반출)이?\s*(안\s*된|안된)대|검사\s*걸렸/,
  /\b(won'?t|will not|isn'?t|not|can'?t|cannot|couldn'?t)\s+(be\s+)?(released|clear|cleared|clearing)\b|\b(flagged|sitting|been sitting|stuck|held up)\b[^.?!]{0,40}\b(customs|port|border|airport)\b|\b(customs|cbp|hmrc|cbsa)\b[^.?!]{0,40}\b(holding|seized|detained|stopped|suspended|flagged|keeping|blocked)\s+(our|my|a|an|the|\d+|two|some|several|\w+ of ours)\b|\bholding\s+(\d+|two|three|some|a few)\s+(pallets?|cartons?|boxes|containers?)\b|\bcontacted us about a (container|shipment|consignment)\b|\bwants? us to (confirm|verify)\b|\b(asking|asked) us to (verify|confirm)\b|\bneed our answer\b/i,
  /(억류|유치|압류|압수|통관\s*보류|보류|정지|적발|차단|몰수|홀드|hold)\s*(가\s*|이\s*)?(됐|되었|됨|당했|당함|중이|중입|중인|돼\s*있|되어\s*있|된\s*상태|상태|걸렸|걸림)/i,
  /(억류|유치|압류|압수|보류|정지|적발|차단|몰수)\s*(했|하였|하고\s*있|했다|했대|했다고|해\s*뒀|해뒀)/,
  /(세관|해관|통관|관무서|국경\S*)(에서|에|이|은)?\s*(잡혔|잡혀|걸렸|걸려|막혔|막혀|멈춰|멈췄|묶였|묶여|안\s*나와|안\s*내줘|붙잡|잡아\s*뒀|잡고)/,
  /(물건|물품|제품|상품|화물|컨테이너|선적\S*|샘플|수출품|물량)\S*\s*(이|가|을|를)?\s*(\S+\s*){0,3}(잡혔|잡혀|걸렸|걸려|막혔|막혀|멈춰\s*있|묶였|묶여|압류됐|억류됐|보류됐|안\s*나와)/,
  /\b(were|was|been|got|are being|is being|have been|has been|are|is|got been)\s+(detained|seized|held|suspended|stopped|confiscated|blocked|impounded)\b/i,
  /\b(received|got|have|get)\s+(a|an|the)?\s*([\w-]+\s+)?(detention|seizure|suspension|customs)\s+(notice|notification|letter)\b/i,
  /(세관|해관|관세청|customs)\s*(억류|압류|압수|보류|hold)\s*(\.\.|ㅠ|ㅜ|!|됨|중|$)/i,
  /\b(is|are|been|currently)\s+(holding|detaining|keeping)\s+(our|my|the|a|an|some|two|\d+)\b|\bholding\s+(our|my)\s+(goods|products|shipment|cargo|container|stuff|items|cosmetics)\b/i,
  /\b(detained|seized|held|stopped|confiscated|suspended|blocked)\s+(a|an|one|two|\d+|some|several|our|the|my)\b[^.?!]{0,60}\b(shipments?|containers?|goods|products|consignments?|parcels?|cargo|items|boxes|cartons?|samples)\b/i,
  /\b(stuck|on hold|held up)\b[^.?!]{0,30}\b(customs|border|port)\b|\b(customs|border)\b[^.?!]{0,30}\b(has|have|put)\s+(our|my)\b|\bput\s+(our|my)\s+\w+\s+on\s+hold\b/i,
  /\b(customs|cbp|cbsa|hmrc)\b[^.?!]{0,40}\b(notified|emailed|contacted|called|wrote to|sent)\s+(us|me)\b|\b(got|received)\s+(an?\s+)?(email|letter|notice|call)\s+from\s+(the\s+)?[\w\s]{0,20}customs\b/i,
];

// A notice that arrived, which is a case only when customs or detention is what it is about.
const NOTICE = /(통지|통보|연락|서한|공문|레터|통지서|통지문|메일|이메일|notice|notification|letter|e-?mail)\S*\s*(가|이|를|을)?\s*(왔|옴|도착|받았|받음|받은)|\b(received|got)\s+(a|an|the)\s+(\w+\s+)?(notice|notification|letter|e-?mail)\b/i;
const CUSTOMS_CASE = /세관|해관|관세청|관무서|통관|억류|압류|압수|보류|적발|customs|detain|detention|seiz|suspen|border/i;

const ACCUSED = [
  /\bour (genuine|own|original|authentic) (goods|products|items|shipment|cargo)\b|\b(another|other|a competing) (company|firm|brand|business)'?s? (trade ?mark|mark|design|patent|rights?)\b|\b(says|claims|alleges|saying)\b[^.?!]{0,20}\b(it|they|we|our \w+) infring\w*\b[^.?!]{0,25}\b(their|its|his|her)\b|\bimporter\b[^.?!]{0,60}\binfring\w*\b|\b(our own (product|goods|brand|design)|we designed (them|it) ourselves|we make (these|them|it) ourselves|legit(imate)? manufacturer|genuine manufacturer|under licen[cs]e|they are genuine|they'?re genuine|it'?s our own|someone else (has )?recorded|brand owner complained|conflicts? with a registered|claiming they infringe|over a (design|trade ?mark|patent) infringement claim|flagged them as (ip )?infring\w*|(may|might|could|would) infringe (?!our|my)|infringe a (locally )?(registered|recorded)|looks? like a (recorded|registered) (brand|mark|design))\b|\bit'?s not( counterfeit| fake)?\s*!|\b(ours|our (goods|products|shipment|container|order|cartons|pallets))\b[^.?!]{0,60}\bsuspected\s+(tm|trade ?mark|ip|ipr|design|patent)?\s*infring/i,
  /(수입자|수입업체|수입사)\S*\s*(\S+\s*){0,6}침해|(상표|지재권|브랜드)\s*(관련\s*)?(서류|증빙|허가서|사용\s*허락)\S*\s*(를|을)?\s*(더\s*)?(내라|제출하라|요구)|(회사|업체|누가|누군가|브로커)\S*\s*(가|이)?\s*(비슷한\s*)?(상표|디자인|브랜드)\S*\s*(을|를)?\s*(세관에\s*)?(먼저\s*)?(등록|신고)|(현지|다른\s*회사)\s*등록\s*(디자인|상표)\S*\s*(과|와|랑)\s*비슷|자체\s*브랜드|정품이거든|정품인데|다른\s*회사가\s*(비슷한\s*)?(상표|디자인)\S*\s*(를|을)?\s*(세관에\s*)?등록|침해품이래|침해\s*의심\s*물품으로|짝퉁이라는데|짝퉁\s*아니냐|가품이라는데|상표권\s*침해로\s*보류|지재권\s*(때문에|문제로)|IPR\s*문제로|상표\s*문제래|상표\s*문제로/i,
  /\bthe right ?holder is (a |our )?(competitor|another|local)|(저희가|우리가|저희는|우리는)\s*(수입자|수입업체|수입사|수입상)|침해\S{0,4}(이)?라고|침해\s*의심이?라며/i,
  /(남의|다른\s*(회사|업체|사람)|타사|타\s*업체|경쟁사|현지\s*(업체|상표권자|권리자)|상표\s*브로커|누가)\S*\s*(\S+\s*){0,4}(침해|상표|특허|디자인|권리|등록|신고)/,
  /(정품인데|저희\s*(제품|물건|상품)이\s*(침해|가품|짝퉁|위조)|침해\s*(물품|품)으로\s*의심받|의심받고|침해했다고|침해라고|침해품이라고|가품이라고|비침해)/,
  /\b(someone|somebody|another|a third|third[- ]party|competitor|other)\b[^.?!]{0,40}\b(mark|trademark|patent|design|right|rights|claim|complain|complaint)\b[^.?!]{0,60}\b(our|we|us)\b|\b(our|we)\b[^.?!]{0,60}\b(infring\w*|violat\w*)\b[^.?!]{0,30}\b(someone|another|a third|third[- ]party|competitor|other|their|his|its|a registered|a recorded)\b/i,
  /\b(accus\w*|suspect\w*)\s+(us|our)\b|\bour\s+(genuine|own|original)\s+(goods|products)\b[^.?!]{0,60}\b(fake|counterfeit|infring)|\bprove\b[^.?!]{0,30}\b(not\s+infring|non-?infring|don'?t\s+infringe|genuine)/i,
];

// A dispute that is happening to this company: a letter received, a suit filed, a mark taken. The words alone
// ("분쟁 대응 지원", "what is a C&D letter?") are questions about disputes, not disputes.
const DISPUTE = [
  /(소장|경고장|고소장)\S*\s*(이|가)?\s*(날아|왔)|자기\s*명의|먼저\s*(상표\s*)?등록해\s*버렸|(저희|우리|누가|누군가|브로커|업체가|회사가)\s*(\S+\s*){0,2}(상표|브랜드)\S*\s*(를|을)?\s*먼저\s*(상표\s*)?등록|소유권\s*(다툼|분쟁)|다툼\s*중|소송\s*(하겠다|한다고|건다고|걸겠다)|중단하(래요|라고|라는)|(돌려|반환)\S*\s*(주지|안\s*해|거부)|이전\S*\s*(을\s*)?거부|(경고장|내용증명|c\s*&\s*d|법률\s*통지|법적\s*통지|레터)\S*\s*(을|를|이|가)?\s*(\S+\s*){0,1}(받았|받음|왔|날아|보냈|도착)|소송\s*(당했|을?\s*당|이?\s*걸렸|이?\s*걸려|제기\s*당|들어왔|중)|고소\s*(당|한대|하겠|했|한다)|손해\s*배상\S*\s*(청구|요구)|(저희|우리)\S*\s*(상표|브랜드)\S*\s*(를|을)?\s*(\S+\s*){0,2}(선점|먼저\s*등록|자기\s*(이름|것|꺼|거))|분쟁\s*(중|이\s*생겼|이\s*났|상황)|협박|이의\s*신청이?\s*(들어|왔)|심판\s*(을\s*)?(걸|청구\s*당)|돌려주지\s*않|소송\s*(하고\s*싶|하려|을?\s*걸고\s*싶)|고소하려/i,
  /\b(received|got|sent|have|has sent)\s+(us\s+)?(a|an)?\s*([\w-]+\s+)?(c\s*&\s*d|c and d|cease[- ]and[- ]desist|demand letter|legal notice|lawsuit|summons|complaint against us)\b|\bc\s*&\s*d\s+(letter\s+)?from\b|\b(being|been|was|were|got)\s+sued\b|\b(sued|suing)\s+us\b|\bthreaten\w*\s+(legal|to sue|us|to go to court)|\bclaiming damages\b|\bfiled an opposition\b|\bsquatt\w*\b(?![^.?!]{0,30}\b(programme|program|support)\b)|\b(registered|filed|recorded) our (brand|trade ?mark|mark|logo)\b|\bregistered our (trade ?)?mark\b|\brefuses? to (hand|give) back\b|\b(want|going) to sue\b|\blawsuit against (us|our)\b|\bdisagree about who owns\b|\bin (a )?dispute with\b|\bthreatens? to sue\b|\brefus\w* to (transfer|return|hand|give)\b|\bdemanding (that )?we stop\b|\bopposition (was |has been )?filed against\b|\b(say|says|claim|claims) we owe\b|\b(in|under) (his|her|their|its) own name\b/i,
];

const HYPOTHETICAL = [
  /만약|만일|혹시\s*.*(하면|되면|될\s*경우|경우)|(되면|하면|될\s*경우|할\s*경우|경우에는?|경우를?\s*대비)\s*[^?]*\s*(어떻게|뭘|무엇|되나요|하나요|있나요|돼요|해요|주나요|받을\s*수)|대비해서|(일반적으로|보통)\s|(억류|압류|압수|적발)\s*(되면|하면|될\s*경우|시)|(억류|압류|압수|적발|보류)\S*\s*절차|그럴\s*수\s*있|지인|친구\s*회사|(억류|압수|압류|보류)\S*\s*(통지|통보)\S*\s*(를|을)?\s*받으면|(억류|압수|압류|보류|적발)\S*\s*(후|뒤)(에)?\s|통지\s*(후|뒤)|(받은|받고)\s*(뒤|후|다음)|(압류|억류|압수)된\s*(가품|물건|물품)은/,
  /(^|[,.;:!?—–-]\s*)(if|suppose|supposing|imagine)\b|\b(hypothetically|in case|what happens (if|when|to|after|in general)|what would|would they|would customs|what if|even if|should (customs|our goods)|when customs|once customs|how does .* work|could that happen|usually|typically|in general|generally)\b|\bif (customs|our|the|goods|we|they|a|an|it|my)\b(?![^.?!]{0,6}genuine)/i,
];

const FRUSTRATED = [
  /미치겠|답이\s*왜|ㅡㅡ|세\s*번째\s*(물어|묻)|몇\s*번째|계속\s*(똑같은|같은)|아까부터|그게\s*아니라|물어본\s*거라고|묻잖아요|답답|엉뚱한|도움이?\s*안\s*(돼|되)|그게\s*아니|아니라니까|말했잖|했잖아요|또\s*같은|짜증|쓸모\s*없|이상한\s*답/,
  /\b(useless|not what i asked|not answering|doesn'?t help|wrong answer|already told you|frustrat\w*|ridiculous|waste of time|stupid bot|not helpful|same (generic )?answer|keep giving|(second|third|3rd|2nd) time (asking|i ask)|just tell me|nobody (gives|answers|tells)|seriously\?)\b|\bugh\b/i,
];

/** Goods not (yet) held: an inspection announced, nothing shipped. */
const NOT_HELD = /\b(will|'ll|going to) (inspect|check|examine)\b|전수\s*검사|의심한대|nothing shipped yet|hasn'?t held|haven'?t held|not (yet )?(held|detained)|could (cbp|customs) block|will they block|다음\s*선적부터|아직\s*(안|선적|아무것도)|막힐까요|잡힐까요/i;

export { NOT_HELD };

export function ruleHits(text: string): RuleHits {
  const t = text.normalize('NFKC');
  const any = (rs: RegExp[]) => rs.some((r) => r.test(t));
  return {
    wantsPerson: any(PERSON),
    goodsHeld: (any(HELD_NOW) || (NOTICE.test(t) && CUSTOMS_CASE.test(t) && !any(DISPUTE))) && !NOT_HELD.test(t),
    accused: any(ACCUSED),
    dispute: any(DISPUTE),
    hypothetical: any(HYPOTHETICAL),
    frustrated: any(FRUSTRATED),
  };
}
