import type { Page, Locator } from 'playwright-core';

/** The chat widget as a visitor sees it (Playwright's CSS locators pierce its open shadow root). */
export class WidgetPage {
  constructor(readonly page: Page) {}

  get launcher(): Locator {
    return this.page.locator('#cia-widget-host .launcher');
  }
  get panel(): Locator {
    return this.page.locator('#cia-widget-host .panel');
  }
  get input(): Locator {
    return this.page.locator('#cia-widget-host textarea.input');
  }
  messages(role: 'user' | 'assistant' | 'staff'): Locator {
    return this.page.locator(`#cia-widget-host .msg.${role}:not(.streaming)`);
  }

  async open(): Promise<void> {
    if (!(await this.panel.isVisible())) await this.launcher.click();
    await this.panel.waitFor({ state: 'visible' });
  }

  /** Sends a message and waits for the assistant's answer to it. */
  async ask(text: string): Promise<Locator> {
    const before = await this.messages('assistant').count();
    await this.input.fill(text);
    await this.input.press('Enter');
    return this.waitForAssistant(before);
  }

  async choose(label: string | RegExp): Promise<Locator> {
    const before = await this.messages('assistant').count();
    await this.messages('assistant').last().locator('.choices button', { hasText: label }).first().click();
    return this.waitForAssistant(before);
  }

  async talkToPerson(): Promise<Locator> {
    const before = await this.messages('assistant').count();
    await this.page.locator('#cia-widget-host button.person').click();
    return this.waitForAssistant(before);
  }

  async waitForAssistant(before: number): Promise<Locator> {
    const next = this.messages('assistant').nth(before);
    await next.waitFor({ state: 'attached', timeout: 20_000 });
    return next;
  }
}
