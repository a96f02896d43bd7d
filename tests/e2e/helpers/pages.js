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
