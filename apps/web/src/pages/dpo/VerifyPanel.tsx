import type { Write } from '../../api/write';
import { useEffect, useState } from 'react';
import { Button, Label, ProgressBar } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useDateTime } from './common';
import { useIssueCheckpoint, useLatestCheckpoint } from './queries';

type VerifyResult = Schema<'VerifyResultDto'>;

/** The outcome of a verification in words: intact (and against which checkpoint), or what failed. */
function VerifyOutcome({ result }: { result: VerifyResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dateTime = useDateTime();
  if (!result.valid) {
    return (
      <div className="verify-result verify-invalid">
        <p>
          <strong>{t('dpo.verify.invalid')}</strong>
        </p>
        <p>
          {result.firstBadIndex == null
            ? t('dpo.verify.rootOnly')
            : t('dpo.verify.firstBad', { index: format.number(result.firstBadIndex) })}
        </p>
        {result.reason ? <p>{t('dpo.verify.reason', { reason: result.reason })}</p> : null}
      </div>
    );
  }
  return (
    <div className="verify-result verify-valid">
      <p>
        <strong>{t('dpo.verify.valid', { size: format.number(result.size ?? 0) })}</strong>
      </p>
      {result.root ? <p className="hash">{t('dpo.verify.root', { root: result.root })}</p> : null}
      <p>
        {result.checkpoint === null
          ? t('dpo.verify.noCheckpoint')
          : result.checkpointChecked
            ? t('dpo.verify.againstCheckpoint', {
                date: dateTime(result.checkpoint.issuedAt),
                size: format.number(result.checkpoint.treeSize),
              })
            : t('dpo.verify.checkpointNotChecked')}
      </p>
    </div>
  );
}

/**
 * "Protokoll prüfen": GET /api/audit/verify on demand, an indeterminate progress bar while it runs,
 * then the result in words in a live region.
 */
export function VerifyLog({ verify }: { verify: Write<VerifyResult, Error, void> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="dpo-verify">
      <h2 id="dpo-verify">{t('dpo.verify.heading')}</h2>
      <p>{t('dpo.verify.explain')}</p>
      <Button onPress={() => verify.mutate()}>{t('dpo.verify.button')}</Button>
      {verify.isPending ? (
        <ProgressBar isIndeterminate className="progress">
          <Label>{t('dpo.verify.progress')}</Label>
          <div className="progress-track" aria-hidden="true">
            <div className="progress-fill" />
          </div>
        </ProgressBar>
      ) : null}
      <div role="status" className="verify-status">
        {!verify.isPending && verify.data ? <VerifyOutcome result={verify.data} /> : null}
      </div>
      {verify.error ? <ProblemMessage error={verify.error} /> : null}
    </section>
  );
}

/** The newest checkpoint, what it proves, "sign now" and a copy to keep elsewhere. */
export function Checkpoints() {
  const { t } = useTranslation();
  const format = useFormat();
  const dateTime = useDateTime();
  const latest = useLatestCheckpoint();
  const issue = useIssueCheckpoint();
  const [copyUrl, setCopyUrl] = useState<string>();
  const signed = latest.data;
  useEffect(() => {
    if (!signed) return undefined;
    const url = URL.createObjectURL(new Blob([JSON.stringify(signed, null, 2)], { type: 'application/json' }));
    setCopyUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [signed]);
  return (
    <section aria-labelledby="dpo-checkpoints">
      <h2 id="dpo-checkpoints">{t('dpo.checkpoint.heading')}</h2>
      <p>{t('dpo.checkpoint.explain')}</p>
      {latest.error ? <ProblemMessage error={latest.error} /> : null}
      {latest.isPending && !latest.error ? <p role="status">{t('app.loading')}</p> : null}
      {latest.data === null ? <p>{t('dpo.checkpoint.none')}</p> : null}
      {signed ? (
        <>
          <h3>{t('dpo.checkpoint.latest')}</h3>
          <dl className="facts">
            <dt>{t('dpo.checkpoint.size')}</dt>
            <dd>{format.number(signed.checkpoint.treeSize)}</dd>
            <dt>{t('dpo.checkpoint.issuedAt')}</dt>
            <dd>{dateTime(signed.checkpoint.issuedAt)}</dd>
            <dt>{t('dpo.checkpoint.root')}</dt>
            <dd className="hash">{signed.checkpoint.rootHash}</dd>
            <dt>{t('dpo.checkpoint.keyId')}</dt>
            <dd className="hash">{signed.checkpoint.keyId}</dd>
            <dt>{t('dpo.checkpoint.signature')}</dt>
            <dd className="hash">{signed.checkpoint.signature}</dd>
          </dl>
          {copyUrl ? (
            <p>
              <a href={copyUrl} download={`checkpoint-${signed.checkpoint.treeSize}.json`}>
                {t('dpo.checkpoint.download')}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
      <Button onPress={() => issue.mutate()}>{t('dpo.checkpoint.sign')}</Button>
      <p role="status">
        {issue.data ? t('dpo.checkpoint.signed', { size: format.number(issue.data.checkpoint.treeSize) }) : ''}
      </p>
      {issue.error ? <ProblemMessage error={issue.error} /> : null}
    </section>
  );
}
