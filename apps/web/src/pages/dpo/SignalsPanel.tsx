import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { instantOfLocal, useDateTime } from './common';
import { type SignalsQuery, useAuditSignals } from './queries';

type Signal = Schema<'AccessSignalDto'>;

/** One signal in words, by its kind (an unknown kind still shows who and which entries). */
export function useSignalInWords(): (signal: Signal) => string {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const format = useFormat();
  return (signal) => {
    const actor = signal.actor
      ? `${signal.actor.userId} (${t(`role.${signal.actor.role}`, { defaultValue: signal.actor.role })}, ${signal.actor.agencyId})`
      : t('dpo.signals.unknownActor');
    const when = (value: string | undefined) => (value ? dateTime(value) : '–');
    const n = (value: number | undefined) => format.number(value ?? 0);
    switch (signal.kind) {
      case 'outside_caseload':
        return t('dpo.signals.outside_caseload', {
          actor,
          attempts: n(signal.attempts),
          cases: n(signal.cases),
          first: when(signal.first ?? signal.windowStart),
          last: when(signal.last ?? signal.windowEnd),
        });
      case 'many_cases':
        return t('dpo.signals.many_cases', {
          actor,
          cases: n(signal.cases),
          first: when(signal.first ?? signal.windowStart),
          last: when(signal.last ?? signal.windowEnd),
        });
      case 'break_glass':
        return t('dpo.signals.break_glass', { actor, case: signal.caseRef ?? '–', accesses: n(signal.accesses) });
      case 'access_after_denied_withdrawal':
        return t('dpo.signals.access_after_denied_withdrawal', {
          case: signal.caseRef ?? '–',
          later: n(signal.laterAccesses),
          agencies: (signal.agencies ?? []).join(', ') || '–',
        });
      default:
        return t('dpo.signals.other', { kind: signal.kind, actor });
    }
  };
}

/** "Auffälligkeiten": GET /api/audit/signals over a range (default: the last 7 days), in words. */
export function SignalsPanel({
  range,
  onRange,
}: {
  range: SignalsQuery | null;
  onRange: (range: SignalsQuery) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const dateTime = useDateTime();
  const inWords = useSignalInWords();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const signals = useAuditSignals(range);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query: SignalsQuery = {};
    const f = instantOfLocal(from);
    if (f) query.from = f;
    const tt = instantOfLocal(to);
    if (tt) query.to = tt;
    onRange(query);
  };
  return (
    <section aria-labelledby="dpo-signals">
      <h2 id="dpo-signals">{t('dpo.signals.heading')}</h2>
      <p>{t('dpo.signals.explain')}</p>
      <form onSubmit={submit} className="filters" aria-label={t('dpo.signals.heading')}>
        <div className="field">
          <label htmlFor="dpo-signals-from">{t('dpo.signals.from')}</label>
          <input id="dpo-signals-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="dpo-signals-to">{t('dpo.signals.to')}</label>
          <input id="dpo-signals-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <Button type="submit">{t('dpo.signals.submit')}</Button>
      </form>
      {signals.error ? <ProblemMessage error={signals.error} /> : null}
      {signals.isFetching && !signals.error ? <p role="status">{t('app.loading')}</p> : null}
      {signals.data ? (
        <>
          <p>
            {t('dpo.signals.range', {
              from: dateTime(signals.data.from),
              to: dateTime(signals.data.to),
              scanned: format.number(signals.data.scanned),
            })}
          </p>
          {signals.data.truncated ? <p>{t('dpo.signals.truncated')}</p> : null}
          {signals.data.signals.length === 0 ? (
            <p role="status">{t('dpo.signals.none')}</p>
          ) : (
            <ul className="signals">
              {signals.data.signals.map((signal, i) => (
                <li key={`${signal.kind}/${i}`} data-kind={signal.kind}>
                  <p>{inWords(signal)}</p>
                  <p className="muted">{t('dpo.signals.indexes', { indexes: signal.indexes.join(', ') })}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}
