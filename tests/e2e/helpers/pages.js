// What a person does on the console and room pages, by data-testid.

export async function login(page, origin, loginName, password) {
  await page.goto(`${origin}/console`);
  await page.getByTestId('login-login').fill(loginName);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('console-main').waitFor();
}

// Returns the new room's id.
export async function createRoom(page, { title, field, partyA, partyB }) {
  await page.getByTestId('room-title-input').fill(title);
  await page.getByTestId('room-field-select').selectOption(field);
  await page.getByTestId('room-party-a-input').fill(partyA);
  await page.getByTestId('room-party-b-input').fill(partyB);
  await page.getByTestId('room-create-submit').click();
  const item = page.getByTestId('room-item').filter({ hasText: title }).first();
  await item.getByTestId('invite-form').waitFor();
  return item.getAttribute('data-room-id');
}

export function roomItem(page, roomId) {
  return page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
}

// kind: 'party:A' | 'party:B' | 'advisor' | 'observer'. Returns the link as the page shows it.
export async function createInvite(page, roomId, kind, name) {
  const item = roomItem(page, roomId);
  const linkBox = item.getByTestId('invite-link');
  const before = (await linkBox.isVisible()) ? await linkBox.textContent() : '';
  await item.getByTestId('invite-role-select').selectOption(kind);
  await item.getByTestId('invite-name-input').fill(name);
  await item.getByTestId('invite-create-submit').click();
  await item.getByTestId('invite-item').filter({ hasText: name }).waitFor();
  await page.waitForFunction(
    ([id, old]) => {
      const text = document.querySelector(`[data-testid="room-item"][data-room-id="${id}"] [data-testid="invite-link"]`)?.textContent;
      return text && text !== old;
    },
    [roomId, before],
  );
  return linkBox.textContent();
}

// The link names the server's public host; the test server listens on its own loopback origin.
export function onOrigin(link, origin) {
  const url = new URL(link);
  return `${origin}${url.pathname}${url.hash}`;
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
}

// Sends and waits until the server acknowledged it (the message is no longer pending).
export async function say(page, channel, text) {
  await openChannel(page, channel);
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-input').press('Enter');
  await messages(page, channel, text).and(page.locator('[data-state="sent"]')).waitFor();
}

export async function waitForMessage(page, channel, text) {
  await messages(page, channel, text).first().waitFor({ state: 'attached' });
}
