/** What a message outside a walkthrough asks for, before it is treated as a question. */
export type Intent = 'help' | 'start_walkthrough' | 'thanks' | 'greeting' | 'resume' | 'question';

const HELP = /^(help|도움말|도움|\/help|menu|메뉴|사용법)$|뭘\s*할\s*수\s*있|무엇을\s*할\s*수|what can you do|how do(es)? (this|it) work/i;
const START =
  /(단계별|차근차근|하나씩|처음부터).*(안내|등록|알려)|등록\s*(절차|과정)\s*(안내|시작|도와)|세관\s*등록\s*(을\s*)?(하고\s*싶|하려고|시작|도와)|등록\s*계획|(등록|세관)\s*안내\S*\s*(를\s*)?(시작|해\s*주|부탁)|안내를?\s*시작|guide me (through|step)|start (the )?(registration|walkthrough)|walk me through|step[- ]by[- ]step|help me (register|record)|i want to (register|record)|registration plan/i;
const THANKS = /^(감사|고마워|고맙습니다|thanks|thank you|thx|좋아요|great|perfect)[\s!.~]*$/i;
const GREETING = /^(안녕|안녕하세요|하이|hi|hello|hey|good (morning|afternoon|evening))[\s!.~]*$/i;
const RESUME = /^(계속|이어서|다시 시작|resume|continue)[\s!.~]*$/i;

export function detectIntent(text: string): Intent {
  const t = text.trim();
  if (HELP.test(t)) return 'help';
  if (GREETING.test(t)) return 'greeting';
  if (THANKS.test(t)) return 'thanks';
  if (RESUME.test(t)) return 'resume';
  if (START.test(t) && !/[?？]\s*$/.test(t)) return 'start_walkthrough';
  return 'question';
}
