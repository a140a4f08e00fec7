/**
 * Block Kit limits (https://docs.slack.dev/reference/block-kit): checked on every message we build, and by the tests
 * on every message sent. Slack also rejects messages whose blocks carry more than about 13,000 characters in total
 * (msg_blocks_too_long), so long answers are split into several messages.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
  totalBlockText: 12_000,
  inputLabel: 2000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
} as const;

type AnyBlock = Record<string, any>;

const textOf = (t: unknown): string => (t && typeof t === 'object' && 'text' in (t as AnyBlock) ? String((t as AnyBlock).text) : '');

/** Every way a message breaks Slack's limits; empty when it is fine. */
export function checkMessage(msg: { text?: string; blocks?: AnyBlock[] }, surface: 'message' | 'modal' = 'message'): string[] {
  const problems: string[] = [];
  const blocks = msg.blocks ?? [];
  const maxBlocks = surface === 'modal' ? LIMITS.blocksPerModal : LIMITS.blocksPerMessage;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  if ((msg.text ?? '').length > LIMITS.messageText) problems.push(`text ${msg.text!.length} chars > ${LIMITS.messageText}`);
  if (!msg.text && surface === 'message') problems.push('no fallback text');
  let total = 0;
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id) {
      if (String(b.block_id).length > LIMITS.blockId) problems.push(`${at}: block_id too long`);
      if (ids.has(b.block_id)) problems.push(`${at}: duplicate block_id ${b.block_id}`);
      ids.add(b.block_id);
    }
    switch (b.type) {
      case 'section': {
        const t = textOf(b.text);
        total += t.length;
        if (t.length > LIMITS.sectionText) problems.push(`${at}: text ${t.length} > ${LIMITS.sectionText}`);
        if (!t && !b.fields) problems.push(`${at}: empty section`);
        if (b.fields && b.fields.length > 10) problems.push(`${at}: more than 10 fields`);
        for (const f of b.fields ?? []) if (textOf(f).length > 2000) problems.push(`${at}: field over 2000`);
        break;
      }
      case 'header': {
        const t = textOf(b.text);
        total += t.length;
        if (t.length > LIMITS.headerText) problems.push(`${at}: header ${t.length} > ${LIMITS.headerText}`);
        if (b.text?.type !== 'plain_text') problems.push(`${at}: header must be plain_text`);
        break;
      }
      case 'context': {
        const els = b.elements ?? [];
        if (!els.length) problems.push(`${at}: no elements`);
        if (els.length > LIMITS.contextElements) problems.push(`${at}: ${els.length} elements > ${LIMITS.contextElements}`);
        for (const e of els) {
          const t = textOf(e);
          total += t.length;
          if (t.length > LIMITS.contextText) problems.push(`${at}: element text ${t.length} > ${LIMITS.contextText}`);
        }
        break;
      }
      case 'actions': {
        const els = b.elements ?? [];
        if (!els.length) problems.push(`${at}: no elements`);
        if (els.length > LIMITS.actionsElements) problems.push(`${at}: ${els.length} elements > ${LIMITS.actionsElements}`);
        for (const e of els) {
          if (e.type === 'button') {
            const t = textOf(e.text);
            if (t.length > LIMITS.buttonText) problems.push(`${at}: button text "${t.slice(0, 20)}…" ${t.length} > ${LIMITS.buttonText}`);
            if (e.text?.type !== 'plain_text') problems.push(`${at}: button text must be plain_text`);
            if ((e.value ?? '').length > LIMITS.buttonValue) problems.push(`${at}: button value too long`);
          }
          if (!e.action_id || String(e.action_id).length > LIMITS.actionId) problems.push(`${at}: bad action_id`);
          if (ids.has(`a:${e.action_id}`)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
          ids.add(`a:${e.action_id}`);
        }
        break;
      }
      case 'input':
        if (textOf(b.label).length > LIMITS.inputLabel) problems.push(`${at}: label too long`);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  if (total > LIMITS.totalBlockText) problems.push(`blocks carry ${total} chars > ${LIMITS.totalBlockText}`);
  return problems;
}

export function checkModal(view: AnyBlock): string[] {
  const problems = checkMessage({ text: 'modal', blocks: view.blocks }, 'modal');
  for (const key of ['title', 'submit', 'close'] as const)
    if (view[key] && textOf(view[key]).length > LIMITS.modalTitle) problems.push(`modal ${key} too long`);
  if ((view.private_metadata ?? '').length > LIMITS.privateMetadata) problems.push('private_metadata too long');
  return problems;
}
