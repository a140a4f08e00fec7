import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { CONTACT_VIEW, contactSavedModal, readContactView, type ContactViewMeta } from '../../blocks/render-contact.js';
import { checkContact, contactMessage, openTicketOf, saveContact } from '../../../../escalation/contact.js';

/**
 * The contact form's submission: checked by the web's rules (errors shown on their fields, in the user's language),
 * then stored as the web stores it (contact, audit entry `contact`, event `contact.saved`); the modal then thanks them.
 */
export function registerContactView(app: App, deps: SlackDeps): void {
  app.view(CONTACT_VIEW, async ({ ack, view, body }) => {
    let meta: Partial<ContactViewMeta> = {};
    try {
      meta = JSON.parse(view.private_metadata || '{}') as Partial<ContactViewMeta>;
    } catch {
      /* an unknown form: refused below */
    }
    const lang = meta.l === 'en' ? 'en' : 'ko';
    const conversation = typeof meta.c === 'string' ? await deps.store.getConversation(meta.c) : null;
    if (!conversation || conversation.channel !== 'slack' || conversation.userId !== body.user.id) {
      await ack({ response_action: 'errors', errors: { company: contactMessage(lang, 'notYours') } });
      return;
    }
    const checked = checkContact(readContactView(view.state.values as never), lang);
    if ('errors' in checked) {
      await ack({ response_action: 'errors', errors: checked.errors as Record<string, string> });
      return;
    }
    const ticket = await openTicketOf(deps.store, conversation.id);
    if (!ticket) {
      await ack({ response_action: 'errors', errors: { company: contactMessage(lang, 'noTicket') } });
      return;
    }
    await saveContact(deps.store, conversation, ticket, checked.fields);
    await ack({ response_action: 'update', view: contactSavedModal(lang, checked.fields) as never });
  });
}
