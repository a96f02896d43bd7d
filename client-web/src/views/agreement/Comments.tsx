import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/i18n';
import type { DraftComment } from '../../state/agreement';
import { RefusalText } from '../procedure/RefusalText';
import { TextField } from '../procedure/TextField';
import { useAct } from '../procedure/use-act';
import { useName } from '../room/use-name';

function CommentLine({ c }: { c: DraftComment }) {
  const by = useName(c.by);
  return (
    <li class={`comment${c.proposal ? ' proposal' : ''}`} data-testid="draft-comment" data-proposal={String(c.proposal)} data-item={c.item ?? ''}>
      <span class="muted small">
        {t(c.proposal ? 'comments.proposalBy' : 'comments.commentBy', { name: by })} · {formatDateTime(c.time)}
      </span>
      <p class="card-text">{c.text}</p>
    </li>
  );
}

/** The comments and proposed changes on one item (or the whole version), and a form to add one. */
export function Comments({ version, item, comments, canWrite }: { version: number; item: string | null; comments: readonly DraftComment[]; canWrite: boolean }) {
  const { busy, refused, run } = useAct();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [proposal, setProposal] = useState(false);
  const mine = comments.filter((c) => c.item === item);
  const testid = item ? `comment-${item}` : 'comment-version';
  return (
    <div class="comments" data-testid={`comments-${item ?? 'version'}`}>
      {mine.length > 0 && (
        <ul class="plain">
          {mine.map((c) => (
            <CommentLine key={c.seq} c={c} />
          ))}
        </ul>
      )}
      {canWrite && !open && (
        <button type="button" class="link small" data-testid={`${testid}-open`} onClick={() => setOpen(true)}>
          {t(item ? 'comments.onItem' : 'comments.onVersion')}
        </button>
      )}
      {canWrite && open && (
        <form
          class="stack act-form"
          data-testid={`${testid}-form`}
          onSubmit={async (e) => {
            e.preventDefault();
            if (await run('draft.comment', { version, item, text: text.trim(), proposal })) {
              setText('');
              setOpen(false);
            }
          }}
        >
          <fieldset class="choice">
            <legend class="visually-hidden">{t('comments.kind')}</legend>
            <label>
              <input type="radio" name={`${testid}-kind`} checked={!proposal} onChange={() => setProposal(false)} data-testid={`${testid}-remark`} /> {t('comments.remark')}
            </label>
            <label>
              <input type="radio" name={`${testid}-kind`} checked={proposal} onChange={() => setProposal(true)} data-testid={`${testid}-proposal`} /> {t('comments.proposal')}
            </label>
          </fieldset>
          <TextField label={t(proposal ? 'comments.proposalText' : 'comments.text')} value={text} onInput={setText} max={2000} testid={`${testid}-text`} />
          <RefusalText refused={refused} />
          <div class="row-actions">
            <button type="submit" data-testid={`${testid}-send`} disabled={busy || !text.trim()}>
              {t('comments.send')}
            </button>
            <button type="button" class="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
