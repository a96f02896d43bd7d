// A draft for the tests: two parties, two agreed items.
import type { Draft } from '../protocol/types';

const party = (participant: string | null, side: 'A' | 'B', name: string) => ({
  participant,
  side,
  role: 'party' as const,
  name,
  sex: null,
  id_type: '居民身份证',
  id_number: '3301**********1234',
  address: '杭州市西湖区',
  contact: '138****0000',
  agent_of: null,
});

export const draftV1 = {
  title: '人民调解协议书',
  parties: [party('b00000000001', 'A', '李四'), party('b00000000002', 'B', '王五')],
  facts: '双方签订房屋租赁合同，约定押金5000元。',
  issues: '押金是否应当退还。',
  responsibilities: '',
  items: [
    { id: 'i1', text: '被申请人退还押金3000元。' },
    { id: 'i2', text: '申请人放弃其余请求。' },
  ],
  performance: { way: '银行转账', place: '', deadline: '2026年12月31日前' },
  copies: 3,
  notes: '',
} as unknown as Draft;

