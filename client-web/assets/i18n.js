// Tiny i18n: Chinese first, English available. Strings are looked up by key; `{name}` placeholders
// are filled from params. The choice is kept in localStorage so every page follows it.
const dictionaries = {
  'zh-CN': {
    'app.name': '线上调解室',
    'lang.name': '中文',
    'home.intro': '当事人请打开调解员发给您的链接进入调解室。',
    'home.console': '调解员登录',

    'join.working': '正在进入调解室…',
    'join.missing': '链接不完整，请重新打开调解员发给您的完整链接。',
    'join.invalid': '链接无效，请向调解员索取新的链接。',
    'join.expired': '链接已过期，请向调解员索取新的链接。',
    'join.revoked': '链接已被撤销，请向调解员索取新的链接。',
    'join.failed': '暂时无法进入调解室，请稍后再试。',

    'console.title': '调解员工作台',
    'console.logout': '退出登录',
    'login.title': '调解员登录',
    'login.login': '账号',
    'login.password': '密码',
    'login.submit': '登录',
    'login.failed': '账号或密码不正确。',
    'room.create.title': '新建调解室',
    'room.create.name': '案件名称',
    'room.create.field': '纠纷类型',
    'room.create.partyA': '申请人（多人用逗号分隔）',
    'room.create.partyB': '被申请人（多人用逗号分隔）',
    'room.create.submit': '创建',
    'rooms.title': '我的调解室',
    'rooms.empty': '还没有调解室。',
    'rooms.open': '进入调解室',
    'rooms.meta': '{field} · {date}',
    'participants.title': '参与人',
    'participants.empty': '暂无参与人。',
    'invites.title': '邀请链接',
    'invites.empty': '暂无邀请。',
    'invite.kind.partyA': '申请人',
    'invite.kind.partyB': '被申请人',
    'invite.kind.advisor': '法治指导员',
    'invite.kind.observer': '旁听人',
    'invite.name': '姓名',
    'invite.ttl': '有效期（小时）',
    'invite.create': '生成链接',
    'invite.once': '链接只显示这一次，请复制后发给对方。',
    'invite.copy': '复制',
    'invite.qr': '用手机扫描二维码即可进入调解室',
    'invite.copied': '已复制',
    'invite.copyFailed': '无法自动复制，请手动选择复制。',
    'invite.revoke': '撤销',
    'invite.active': '有效至 {date}',
    'invite.expired': '已过期',
    'invite.revoked': '已撤销',

    'role.mediator': '调解员',
    'role.partyA': '申请人',
    'role.partyB': '被申请人',
    'role.advisor': '法治指导员',
    'role.observer': '旁听人',

    'channel.main': '调解室',
    'channel.caucus:A': '背对背·申请人',
    'channel.caucus:B': '背对背·被申请人',
    'channel.consult': '法治咨询',

    'status.connecting': '连接中…',
    'status.online': '已连接',
    'status.offline': '连接中断，正在重连…',
    'status.ended': '已离开',
    'side.you': '我',
    'side.online': '在线',
    'side.record': '记录',
    'composer.placeholder': '输入消息…',
    'composer.send': '发送',
    'composer.readonly': '您可以阅读，但不能在此频道发言。',
    'message.pending': '发送中',
    'message.failed': '未发送',
    'typing.one': '{names} 正在输入…',
    'typing.many': '{names} 正在输入…',
    'list.separator': '、',
    'system.created': '调解室已创建：{title}',
    'system.joined': '{name} 进入了调解室',
    'system.left': '{name} 离开了调解室',
    'unknown.person': '参与人 {id}',
    'banner.dismiss': '关闭',
    'checkpoint.none': '尚未收到检查点',
    'checkpoint.received': '已保存检查点（共 {size} 条记录）',
    'checkpoint.download': '下载检查点',
    'checkpoint.verified': '记录已验证至 #{size}',
    'record.bad_signature': '警告：服务器发来的检查点签名无效，记录可能被篡改。请截图保存，并通过其他途径联系调解组织。',
    'record.key_changed': '警告：服务器的签名密钥与本浏览器此前记住的不同，记录无法验证。请通过其他途径向调解组织核实。',
    'record.rewritten': '警告：服务器改写了已签名的记录（一致性证明不成立）。请截图保存，并通过其他途径联系调解组织。',
    'record.not_included': '警告：您看到的记录不在服务器签名的检查点中（包含证明不成立）。请截图保存，并通过其他途径联系调解组织。',
    'record.unproven': '警告：服务器无法证明它签名的记录，记录无法验证。请通过其他途径联系调解组织。',

    'error.bad_json': '消息格式错误。',
    'error.bad_frame': '消息格式错误。',
    'error.unknown_type': '不支持的操作。',
    'error.not_ready': '连接尚未就绪，请稍候。',
    'error.forbidden_channel': '您不能在此频道发言。',
    'error.unknown_channel': '频道不存在。',
    'error.text_too_long': '消息太长（最多 4000 字）。',
    'error.empty_text': '消息不能为空。',
    'error.rate_limited': '发送太频繁，请稍后再试。',
    'error.out_of_range': '请求的记录范围不存在。',
    'error.unavailable': '服务器暂时无法保存，请稍后再试。',
    'error.session_ended': '您的链接已失效或被撤销，请向调解员索取新的链接。',
    'error.cannot_connect': '无法连接调解室，链接可能已失效。正在重试…',
    'error.bad_request': '请求有误，请检查填写的内容。',
    'error.unauthorized': '请先登录。',
    'error.forbidden': '没有权限。',
    'error.too_many_attempts': '登录失败次数过多，请几分钟后再试。',
    'error.not_found': '找不到该内容。',
    'error.too_large': '内容太大。',
    'error.internal': '服务器出错，请稍后再试。',
    'error.network': '网络错误，请检查连接。',
    'error.unknown_participant': '该法治指导员不在本调解室。',
    'error.unchanged': '状态未变化。',
    'system.advisorIn': '法治指导员 {name} 应邀进入调解室',
    'system.advisorOut': '法治指导员 {name} 已退出调解室',
    'advisor.bringIn': '请入调解室',
    'advisor.sendOut': '请出调解室',
    'error.unknown': '出错了（{code}）。',
  },
  en: {
    'app.name': 'Online Mediation Room',
    'lang.name': 'English',
    'home.intro': 'Parties: open the link your mediator sent you to enter the room.',
    'home.console': 'Mediator sign-in',

    'join.working': 'Entering the mediation room…',
    'join.missing': 'The link is incomplete. Please open the full link your mediator sent you.',
    'join.invalid': 'This link is not valid. Please ask your mediator for a new one.',
    'join.expired': 'This link has expired. Please ask your mediator for a new one.',
    'join.revoked': 'This link has been revoked. Please ask your mediator for a new one.',
    'join.failed': 'The room cannot be entered right now. Please try again later.',

    'console.title': 'Mediator console',
    'console.logout': 'Sign out',
    'login.title': 'Mediator sign-in',
    'login.login': 'Login',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.failed': 'Wrong login or password.',
    'room.create.title': 'New mediation room',
    'room.create.name': 'Case title',
    'room.create.field': 'Field',
    'room.create.partyA': 'Applicants (comma-separated)',
    'room.create.partyB': 'Respondents (comma-separated)',
    'room.create.submit': 'Create',
    'rooms.title': 'My rooms',
    'rooms.empty': 'No rooms yet.',
    'rooms.open': 'Open the room',
    'rooms.meta': '{field} · {date}',
    'participants.title': 'Participants',
    'participants.empty': 'No participants yet.',
    'invites.title': 'Invitation links',
    'invites.empty': 'No invitations yet.',
    'invite.kind.partyA': 'Applicant',
    'invite.kind.partyB': 'Respondent',
    'invite.kind.advisor': 'Legal advisor',
    'invite.kind.observer': 'Observer',
    'invite.name': 'Name',
    'invite.ttl': 'Valid for (hours)',
    'invite.create': 'Create link',
    'invite.once': 'The link is shown only once: copy it and send it to the person.',
    'invite.copy': 'Copy',
    'invite.qr': 'Scan with a phone to join the room',
    'invite.copied': 'Copied',
    'invite.copyFailed': 'Could not copy; select the link and copy it by hand.',
    'invite.revoke': 'Revoke',
    'invite.active': 'valid until {date}',
    'invite.expired': 'expired',
    'invite.revoked': 'revoked',

    'role.mediator': 'Mediator',
    'role.partyA': 'Applicant',
    'role.partyB': 'Respondent',
    'role.advisor': 'Legal advisor',
    'role.observer': 'Observer',

    'channel.main': 'Joint room',
    'channel.caucus:A': 'Private · Applicant',
    'channel.caucus:B': 'Private · Respondent',
    'channel.consult': 'Legal consultation',

    'status.connecting': 'Connecting…',
    'status.online': 'Connected',
    'status.offline': 'Connection lost, reconnecting…',
    'status.ended': 'Left',
    'side.you': 'Me',
    'side.online': 'Online',
    'side.record': 'Record',
    'composer.placeholder': 'Type a message…',
    'composer.send': 'Send',
    'composer.readonly': 'You can read but not write in this channel.',
    'message.pending': 'sending',
    'message.failed': 'not sent',
    'typing.one': '{names} is typing…',
    'typing.many': '{names} are typing…',
    'list.separator': ', ',
    'system.created': 'Room created: {title}',
    'system.joined': '{name} joined',
    'system.left': '{name} left',
    'unknown.person': 'participant {id}',
    'banner.dismiss': 'Dismiss',
    'checkpoint.none': 'No checkpoint received yet',
    'checkpoint.received': 'Checkpoint saved ({size} events)',
    'checkpoint.download': 'Download checkpoint',
    'checkpoint.verified': 'Record verified up to #{size}',
    'record.bad_signature': 'Warning: the checkpoint the server sent has an invalid signature; the record may have been tampered with. Take a screenshot and contact the mediation organisation by another channel.',
    'record.key_changed': 'Warning: the server\'s signing key differs from the one this browser remembered; the record cannot be verified. Check with the mediation organisation by another channel.',
    'record.rewritten': 'Warning: the server has rewritten the signed record (the consistency proof fails). Take a screenshot and contact the mediation organisation by another channel.',
    'record.not_included': 'Warning: what you were shown is not in the record the server signed (the inclusion proof fails). Take a screenshot and contact the mediation organisation by another channel.',
    'record.unproven': 'Warning: the server cannot prove the record it signed; the record cannot be verified. Contact the mediation organisation by another channel.',

    'error.bad_json': 'Malformed message.',
    'error.bad_frame': 'Malformed message.',
    'error.unknown_type': 'Unsupported action.',
    'error.not_ready': 'Not connected yet, please wait.',
    'error.forbidden_channel': 'You may not write in this channel.',
    'error.unknown_channel': 'No such channel.',
    'error.text_too_long': 'The message is too long (4000 characters at most).',
    'error.empty_text': 'The message is empty.',
    'error.rate_limited': 'Too many messages; please wait a moment.',
    'error.out_of_range': 'That part of the record does not exist.',
    'error.unavailable': 'The server cannot save right now; please try again later.',
    'error.session_ended': 'Your link has expired or was revoked. Please ask your mediator for a new one.',
    'error.cannot_connect': 'Cannot reach the room; the link may no longer be valid. Retrying…',
    'error.bad_request': 'The request is not valid; please check what you entered.',
    'error.unauthorized': 'Please sign in first.',
    'error.forbidden': 'Not allowed.',
    'error.too_many_attempts': 'Too many failed logins; please try again in a few minutes.',
    'error.not_found': 'Not found.',
    'error.too_large': 'Too large.',
    'error.internal': 'Server error; please try again later.',
    'error.network': 'Network error; please check your connection.',
    'error.unknown_participant': 'That legal advisor is not in this room.',
    'error.unchanged': 'Nothing changed.',
    'system.advisorIn': 'Legal advisor {name} was brought into the room',
    'system.advisorOut': 'Legal advisor {name} left the joint room',
    'advisor.bringIn': 'Bring into the room',
    'advisor.sendOut': 'Send out of the room',
    'error.unknown': 'Something went wrong ({code}).',
  },
};

const storageKey = 'mr.lang';
const fallback = 'zh-CN';
const listeners = new Set();

function stored() {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

let current = dictionaries[stored()] ? stored() : fallback;

export const languages = Object.keys(dictionaries);

export function lang() {
  return current;
}

export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries[fallback][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function has(key) {
  return key in dictionaries[fallback];
}

// Fills elements marked with data-i18n (text), data-i18n-placeholder and data-i18n-title.
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  if (root === document) document.documentElement.lang = current;
}

export function setLang(code) {
  if (!dictionaries[code] || code === current) return;
  current = code;
  try {
    localStorage.setItem(storageKey, code);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyI18n();
  for (const listener of listeners) listener(code);
}

export function onLangChange(listener) {
  listeners.add(listener);
}

// Fills the page's language <select> and applies the current language to the page.
export function mountLanguageSwitch(select = document.querySelector('[data-testid="lang-switch"]')) {
  if (select) {
    select.replaceChildren(
      ...languages.map((code) => {
        const option = new Option(dictionaries[code]['lang.name'], code);
        option.dataset.testid = `lang-option-${code}`;
        return option;
      }),
    );
    select.value = current;
    select.addEventListener('change', () => setLang(select.value));
  }
  applyI18n();
}

// Dates shown in the user's language.
export function formatTime(ms) {
  return new Date(ms).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit' });
}

export function formatDateTime(ms) {
  return new Date(ms).toLocaleString(current, { dateStyle: 'short', timeStyle: 'short' });
}
