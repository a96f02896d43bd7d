// What a person does on the pages, by data-testid; and waits on what they would see.

export async function login(page, origin, loginName, password) {
  await page.goto(`${origin}/console`);
  await page.getByTestId('login-login').fill(loginName);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('console-main').waitFor();
}

// The link names the server's public host; the test server listens on its own loopback origin.
export function onOrigin(link, origin) {
  const url = new URL(link);
  return `${origin}${url.pathname}${url.hash}`;
}

// Opens an invitation: the join page names the case, then the person enters; a party acknowledges
// the notice of rights and duties unless the test wants to look at it first.
export async function enterByLink(page, link, origin, { acknowledge = true } = {}) {
  await page.goto(onOrigin(link, origin));
  await page.getByTestId('join-invitation').waitFor();
  await page.getByTestId('join-enter').click();
  await waitOnline(page);
  if (acknowledge) await acknowledgeNotice(page);
}

// Once the replay has said whether this party still has the notice to acknowledge, acknowledges it.
export async function acknowledgeNotice(page) {
  const bar = page.locator('[data-testid="procedure-bar"]:not([data-notice="unknown"])');
  await bar.waitFor();
  if ((await bar.getAttribute('data-notice')) !== 'due') return;
  await page.locator('[data-testid="notice-acknowledge"]:not([disabled])').click();
  await page.getByTestId('notice-gate').waitFor({ state: 'detached' });
}

export async function waitOnline(page) {
  await page.locator('[data-testid="connection-status"][data-state="online"]').waitFor();
}

export function messages(page, channel, text) {
  const list = page.getByTestId(`messages-${channel}`).getByTestId('message');
  return text === undefined ? list : list.filter({ hasText: text });
}

export async function openChannel(page, channel) {
  const tab = page.getByTestId(`tab-${channel}`);
  if (await tab.isVisible()) await tab.click();
  await page.getByTestId(`messages-${channel}`).waitFor();
}

export async function write(page, channel, text) {
  await openChannel(page, channel);
  const input = page.getByTestId(`pane-${channel}`).getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
}

// Sends and waits until the server acknowledged it (the message is no longer waiting).
export async function say(page, channel, text) {
  await write(page, channel, text);
  await messages(page, channel, text).and(page.locator('[data-state="sent"]')).waitFor();
}

// Looks at the channel (opening its tab) until the message is there.
export async function waitForMessage(page, channel, text) {
  await openChannel(page, channel);
  await messages(page, channel, text).first().waitFor();
}

// The side panel is beside the chat on a PC and a sheet on a phone: these open and close it on both.
export async function openDetails(page) {
  const toggle = page.getByTestId('details-toggle');
  if (await toggle.isVisible()) await toggle.click();
}

export async function closeDetails(page) {
  const close = page.getByTestId('side-close');
  if (await close.isVisible()) await close.click();
}

// Opens the agreement screen from the side panel on `tab` ('edit', 'read', or another of its tabs).
export async function openAgreement(page, tab) {
  await openDetails(page);
  await page.getByTestId(tab === 'edit' ? 'agreement-edit' : 'agreement-open').click();
  if (tab && tab !== 'edit' && tab !== 'read') await page.getByTestId(`agreement-tab-${tab}`).click();
  await page.locator(`[data-testid="agreement-screen"][data-tab="${tab ?? 'read'}"]`).waitFor();
}

export async function closeAgreement(page) {
  await page.getByTestId('agreement-close').click();
  await page.getByTestId('agreement-screen').waitFor({ state: 'detached' });
  await closeDetails(page);
}

// Waits until the procedure bar shows the case in `phase`.
export function phaseIs(page, phase) {
  return page.locator(`[data-testid="procedure-bar"][data-phase="${phase}"]`).waitFor();
}

// The mediator checks a person's identity from the checklist, by video against their ID card's
// number; answers that person's checklist entry, to wait on what it then shows.
export async function checkIdentity(page, name, document) {
  const person = page.getByTestId('checklist-person').filter({ hasText: name });
  await person.getByTestId('identity-open').click();
  await person.getByTestId('identity-method').selectOption('id_card_video');
  await person.getByTestId('identity-document').fill(document);
  await person.getByTestId('identity-send').click();
  return person;
}

// The mediator declares that they have no conflict of interest in the case.
export async function discloseNoConflict(page) {
  await page.getByTestId('disclosure-open').click();
  await page.getByTestId('disclosure-none').check();
  await page.getByTestId('disclosure-send').click();
  await page.locator('[data-testid="my-disclosure"][data-conflict="false"]').waitFor();
}

// The way to mediation, from the mediator's page: no conflict disclosed, the notice phase, both
// parties entering by their invitations (`parties`: their pages, `links`: their links, a and b),
// both identities checked, mediation started.
export async function reachMediation(page, parties, links, origin) {
  await discloseNoConflict(page);
  await page.getByTestId('advance-notice').click();
  await phaseIs(page, 'notice');
  await enterByLink(parties.a, links.a, origin);
  await enterByLink(parties.b, links.b, origin);
  for (const [name, document] of [
    ['李四', '330106199001011234'],
    ['王五', '330102198505055678'],
  ]) {
    const person = await checkIdentity(page, name, document);
    await person.locator('[data-testid="check-identity"][data-done="true"]').waitFor();
  }
  await page.locator('[data-testid="check-notice"][data-done="true"]').nth(1).waitFor();
  await page.getByTestId('advance-mediation').click();
  await phaseIs(page, 'mediation');
}
