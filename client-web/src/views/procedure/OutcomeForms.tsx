import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { FollowupRecordArgs, ReferralRecordArgs } from '../../protocol/types';
import { shanghaiToday } from '../../state/deadlines';
import { followupLabel, followupResults, referralRoutes, routeLabel } from '../common/procedure-labels';
import { ActForm } from './ActForm';
import { SelectField } from './SelectField';
import { TextField } from './TextField';
import { useAct } from './use-act';

/** 未达成: the basic facts, why it failed, conduct that raised costs (在线调解规则 art. 21). */
export function FailForm() {
  const [facts, setFacts] = useState('');
  const [reason, setReason] = useState('');
  const [conduct, setConduct] = useState('');
  const { busy, refused, run } = useAct();
  return (
    <ActForm
      openLabel={t('fail.open')}
      submitLabel={t('fail.send')}
      testid="fail"
      busy={busy}
      refused={refused}
      ready={Boolean(facts.trim() && reason.trim())}
      danger
      onSubmit={() => run('mediation.fail', { facts: facts.trim(), reason: reason.trim(), ...(conduct.trim() ? { conduct: conduct.trim() } : {}) })}
    >
      <p class="muted small">{t('fail.intro')}</p>
      <TextField label={t('fail.facts')} value={facts} onInput={setFacts} max={4000} required testid="fail-facts" />
      <TextField label={t('fail.reason')} value={reason} onInput={setReason} max={2000} required testid="fail-reason" />
      <TextField label={t('fail.conduct')} hint={t('fail.conductHint')} value={conduct} onInput={setConduct} max={2000} rows={2} testid="fail-conduct" />
    </ActForm>
  );
}

/** 引导: the route the parties are referred to, why, and what they should do next. */
export function ReferralForm() {
  const [route, setRoute] = useState<ReferralRecordArgs['route']>('court');
  const [reason, setReason] = useState('');
  const [next, setNext] = useState('');
  const { busy, refused, run } = useAct();
  return (
    <ActForm
      openLabel={t('referral.open')}
      submitLabel={t('referral.send')}
      testid="referral"
      busy={busy}
      refused={refused}
      ready={Boolean(reason.trim() && next.trim())}
      onSubmit={() => run('referral.record', { route, reason: reason.trim(), next_steps: next.trim() })}
    >
      <SelectField label={t('referral.route')} value={route} options={referralRoutes} labelOf={routeLabel} onChange={setRoute} testid="referral-route" />
      <TextField label={t('referral.reason')} value={reason} onInput={setReason} max={2000} required testid="referral-reason" />
      <TextField label={t('referral.next')} hint={t('referral.nextHint')} value={next} onInput={setNext} max={2000} required testid="referral-next" />
    </ActForm>
  );
}

/** 履行回访: whether the agreement was performed, on which day (人民调解法 art. 31). */
export function FollowupForm() {
  const [result, setResult] = useState<FollowupRecordArgs['result']>('performed');
  const [date, setDate] = useState(() => shanghaiToday(Date.now()));
  const [note, setNote] = useState('');
  const { busy, refused, run } = useAct();
  return (
    <ActForm
      openLabel={t('followup.open')}
      submitLabel={t('followup.send')}
      testid="followup"
      busy={busy}
      refused={refused}
      ready={Boolean(date)}
      onSubmit={() => run('followup.record', { result, date, ...(note.trim() ? { note: note.trim() } : {}) })}
    >
      <fieldset>
        <legend>{t('followup.result')}</legend>
        {followupResults.map((r) => (
          <label key={r} class="choice">
            <input type="radio" name="followup-result" value={r} checked={result === r} data-testid={`followup-${r}`} onChange={() => setResult(r)} />
            {followupLabel(r)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('followup.date')}
        <input type="date" data-testid="followup-date" value={date} required onInput={(e) => setDate(e.currentTarget.value)} />
      </label>
      <TextField label={t('followup.note')} value={note} onInput={setNote} max={2000} rows={2} testid="followup-note" />
    </ActForm>
  );
}
