import type { Page } from 'playwright-core';

/** The staff console at /staff. */
export class StaffConsole {
  constructor(readonly page: Page) {}

  async signIn(baseUrl: string, email: string, password: string): Promise<void> {
    await this.page.goto(`${baseUrl}/staff`);
    await this.page.locator('#email').fill(email);
    await this.page.locator('#password').fill(password);
    await this.page.locator('#login-form button[type=submit]').click();
    await this.page.locator('#desk').waitFor({ state: 'visible' });
  }

  async openTicket(id: number): Promise<void> {
    const row = this.page.locator(`tr[data-ticket="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await this.page.locator('#detail h2', { hasText: `#${id}` }).waitFor();
  }

  async claim(): Promise<void> {
    await this.page.locator('#claim').click();
    await this.page.locator('#detail dd[data-status="claimed"]').waitFor();
  }

  async reply(text: string): Promise<void> {
    await this.page.locator('#reply-text').fill(text);
    await this.page.locator('#send-reply').click();
    await this.page.locator('#detail .transcript .m.staff', { hasText: text.slice(0, 20) }).waitFor();
  }
}
