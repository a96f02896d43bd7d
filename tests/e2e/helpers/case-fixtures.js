// One case, its people and texts, for the fake-room tests (procedure-screens.test.js).
import { sha256Hex } from './fake-room.js';

export const ids = { room: 'Rcase000000000a1', M: 'a00000000001', M2: 'a00000000002', A: 'b00000000001', B: 'b00000000002', ADV: 'c00000000001' };

export const room = { id: ids.room, title: '房屋租赁押金纠纷', field: '房产物业', created_at: Date.now() - 86_400_000, epoch: 1, created_by: 'm00000000001' };

export const people = {
  mediator: { id: ids.M, role: 'mediator', side: null, name: '张三' },
  a: { id: ids.A, role: 'party', side: 'A', name: '李四' },
  b: { id: ids.B, role: 'party', side: 'B', name: '王五' },
  advisor: { id: ids.ADV, role: 'advisor', side: null, name: '赵六' },
};

export function caseIn(phase, more = {}) {
  return {
    phase,
    since: Date.now() - 3_600_000,
    suspended_from: null,
    presiding: ids.M,
    mediators: [ids.M],
    caucus: [],
    personal_status: false,
    agreed_at: null,
    confirmation_due: null,
    followup_due: null,
    enforceable_items: [],
    ...more,
  };
}

const zhNotice = `权利义务告知书（房产物业纠纷）

一、您享有的权利
1. 选择或者接受调解员；
2. 接受调解、拒绝调解或者要求终止调解；
3. 要求调解公开进行或者不公开进行；
4. 自主表达意愿，自愿达成调解协议。

二、您应当履行的义务
1. 如实陈述纠纷事实，不得提供虚假证明材料；
2. 遵守调解现场秩序，尊重调解员和对方当事人；
3. 自觉履行调解协议。

三、在线调解
调解过程通过本平台在线进行并完整记录。背对背交谈的内容只有调解员和您本方可以看到。

四、虚假调解的后果
以虚假调解损害他人合法权益的，将依法承担法律责任。`;

const enNotice = `Notice of rights and duties (property and property-management disputes)

1. Your rights: to choose or accept the mediator; to accept, refuse or end mediation; to ask for it to be public or not; to state your will freely.
2. Your duties: to state the facts truthfully; to keep order and respect the mediator and the other party; to perform the agreement.
3. Online mediation: the session is held and recorded on this platform. Only the mediators and your side see a back-to-back session.
4. Sham mediation: using mediation to harm the lawful rights of others is punished by law.`;

export const notices = {
  'zh-CN': { field: '房产物业', language: 'zh-CN', template: 'notice/房产物业', text: zhNotice, sha256: sha256Hex(zhNotice) },
  en: { field: '房产物业', language: 'en', template: 'notice/房产物业', text: enNotice, sha256: sha256Hex(enNotice) },
};

/** The HTTP answers a room page asks for. */
export function roomApi() {
  return {
    [`GET /r/${ids.room}/api/notice?lang=zh-CN`]: { schema: 'notice.response', body: notices['zh-CN'] },
    [`GET /r/${ids.room}/api/notice?lang=en`]: { schema: 'notice.response', body: notices.en },
    'GET /api/keys': { schema: 'keys.response', body: { keys: [] } },
  };
}

/** The opening events of the case: created, everyone joined, the mediator's disclosure of none. */
export function opening(fake, { joined = ['mediator', 'a', 'b'], disclosure = true } = {}) {
  fake.add('room.created', 'server', {
    title: room.title,
    field: room.field,
    parties: [
      { side: 'A', name: '李四' },
      { side: 'B', name: '王五' },
    ],
    mediator: { id: ids.M, name: '张三', org: '西湖区人民调解委员会' },
  });
  for (const who of joined) fake.add('participant.joined', people[who].id, { participant: people[who] });
  if (disclosure) fake.add('disclosure.made', ids.M, { mediator: ids.M, conflict: false, statement: '本人与本案当事人无亲属关系，与本案无利害关系。' });
}
