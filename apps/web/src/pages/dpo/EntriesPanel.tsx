import { type FormEvent, useMemo, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { legalBasisInWords } from '../../components/legal-basis';
import { NativeSelect } from '../../components/NativeSelect';
import { ProblemMessage } from '../../components/ProblemMessage';
import { allPurposes, type Purpose } from '../../session/purposes';
import { Choice, instantOfLocal, useDateTime } from './common';
import { type AuditSearchQuery, useAuditEntries } from './queries';
import { useAgencyName } from '../cases/queries';
import { addTexts } from '../../i18n/texts';
import { auditActionTexts } from './action-texts';

addTexts('auditAction', auditActionTexts);

/** The actions the filter offers: every one the console has words for. */
const ACTIONS = Object.keys(auditActionTexts.de);

export const PAGE_SIZE = 50;

/** A case id as the API gives it (a UUID); the log is searched by the whole id, not by its first characters. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters as typed (kept by the console while another tab is shown). */
export interface EntryFilters {
  caseId: string;
  userId: string;
  agencyId: string;
  /** An audited action's code, or 'any'. */
  action: string;
  legalBasis: string;
  purpose: Purpose | 'any';
  decision: 'any' | 'permit' | 'deny';
  breakGlass: 'any' | 'yes' | 'no';
  from: string;
  to: string;
  order: 'desc' | 'asc';
}

export const NO_FILTERS: EntryFilters = {
  caseId: '',
  userId: '',
  agencyId: '',
  action: 'any',
  legalBasis: '',
  purpose: 'any',
  decision: 'any',
  breakGlass: 'any',
  from: '',
  to: '',
  order: 'desc',
};

/** The search the filters ask for (without paging). */
export function searchOf(filters: EntryFilters): AuditSearchQuery {
  const text = (value: string) => value.trim() || undefined;
  const query: AuditSearchQuery = { limit: PAGE_SIZE, order: filters.order };
  const caseId = text(filters.caseId);
  if (caseId) query.caseId = caseId.toLowerCase();
  const userId = text(filters.userId);
  if (userId) query.userId = userId;
  const agencyId = text(filters.agencyId);
  if (agencyId) query.agencyId = agencyId;
  if (filters.action !== 'any') query.action = filters.action;
  const legalBasis = text(filters.legalBasis);
  if (legalBasis) query.legalBasis = legalBasis;
  if (filters.purpose !== 'any') query.purpose = filters.purpose;
  if (filters.decision !== 'any') query.decision = filters.decision;
  if (filters.breakGlass !== 'any') query.breakGlass = filters.breakGlass === 'yes';
  const from = instantOfLocal(filters.from);
  if (from) query.from = from;
  const to = instantOfLocal(filters.to);
  if (to) query.to = to;
  return query;
}

/** A search: the query and the stack of `after` keys of the pages before the one shown. */
export interface EntrySearch {
  query: AuditSearchQuery;
  afters: number[];
}

/** "Einträge suchen": GET /api/audit/entries with its filters, in a table, paged by `next`. */
export function EntriesPanel({
  filters,
  onFilters,
  search,
  onSearch,
  onReport,
}: {
  filters: EntryFilters;
  onFilters: (filters: EntryFilters) => void;
  search: EntrySearch | null;
  onSearch: (search: EntrySearch) => void;
  onReport: (caseId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const dateTime = useDateTime();
  const agencyName = useAgencyName();
  // Sorted by their words once per language, not on every keystroke in the other filters.
  const actionChoices = useMemo(
    () =>
      ACTIONS.map((value) => ({ value, label: t(`auditAction.${value}`) })).sort((a, b) =>
        a.label.localeCompare(b.label, i18n.language),
      ),
    [t, i18n.language],
  );
  const [draft, setDraft] = useState(filters);
  const set = <K extends keyof EntryFilters>(key: K, value: EntryFilters[K]) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    onFilters(next);
  };
  const after = search?.afters.at(-1);
  const page = useAuditEntries(search ? { ...search.query, ...(after === undefined ? {} : { after }) } : null);
  // A period that ends before it starts finds nothing: said as such, not as "no entries" (both are local times).
  const [reversed, setReversed] = useState(false);
  // A case id's first characters (as "Auskunft zu 3f2b8c1e" shows them) would be refused by the API with a
  // generic message: said here, in words, before anything is asked.
  const [partialCaseId, setPartialCaseId] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const backwards = Boolean(draft.from && draft.to && draft.from >= draft.to);
    const caseId = draft.caseId.trim();
    const partial = caseId !== '' && !CASE_ID.test(caseId);
    setReversed(backwards);
    setPartialCaseId(partial);
    if (!backwards && !partial) onSearch({ query: searchOf(draft), afters: [] });
  };
  const field = (key: 'caseId' | 'userId' | 'agencyId' | 'legalBasis') => (
    <TextField value={draft[key]} onChange={(value) => set(key, value)} className="field">
      <Label>{t(`dpo.search.${key}`)}</Label>
      <Input />
    </TextField>
  );
  const purposes = allPurposes();
  const first = (search?.afters.length ?? 0) * PAGE_SIZE;
  return (
    <section aria-labelledby="dpo-entries">
      <h2 id="dpo-entries">{t('dpo.search.heading')}</h2>
      <form onSubmit={submit} className="filters" aria-label={t('dpo.search.heading')}>
        {field('caseId')}
        {field('userId')}
        {field('agencyId')}
        {/* Some sixty actions: the browser's own select, which finds one by its first letters. */}
        <NativeSelect
          id="dpo-action"
          label={t('dpo.search.action')}
          value={draft.action}
          onChange={(value) => set('action', value)}
          options={[{ value: 'any', label: t('dpo.search.any') }, ...actionChoices]}
        />
        {field('legalBasis')}
        <Choice
          label={t('dpo.search.purpose')}
          value={draft.purpose}
          onChange={(value) => set('purpose', value)}
          options={[
            { id: 'any' as const, label: t('dpo.search.any') },
            ...purposes.map((id) => ({ id, label: t(`purpose.${id}`) })),
          ]}
        />
        <Choice
          label={t('dpo.search.decision')}
          value={draft.decision}
          onChange={(value) => set('decision', value)}
          options={[
            { id: 'any', label: t('dpo.search.any') },
            { id: 'permit', label: t('dpo.search.permit') },
            { id: 'deny', label: t('dpo.search.deny') },
          ]}
        />
        <Choice
          label={t('dpo.search.breakGlass')}
          value={draft.breakGlass}
          onChange={(value) => set('breakGlass', value)}
          options={[
            { id: 'any', label: t('dpo.search.any') },
            { id: 'yes', label: t('dpo.search.yes') },
            { id: 'no', label: t('dpo.search.no') },
          ]}
        />
        <div className="field">
          <label htmlFor="dpo-from">{t('dpo.search.from')}</label>
          <input id="dpo-from" type="datetime-local" value={draft.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="dpo-to">{t('dpo.search.to')}</label>
          <input id="dpo-to" type="datetime-local" value={draft.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <Choice
          label={t('dpo.search.order')}
          value={draft.order}
          onChange={(value) => set('order', value)}
          options={[
            { id: 'desc', label: t('dpo.search.newest') },
            { id: 'asc', label: t('dpo.search.oldest') },
          ]}
        />
        <Button type="submit">{t('dpo.search.submit')}</Button>
      </form>
      {reversed ? <p role="alert">{t('dpo.search.reversed')}</p> : null}
      {partialCaseId ? <p role="alert">{t('dpo.search.caseIdWhole')}</p> : null}

      {page.error ? <ProblemMessage error={page.error} /> : null}
      {page.isPending && search && !page.error ? <p role="status">{t('app.loading')}</p> : null}
      {page.data ? (
        page.data.items.length === 0 ? (
          <p role="status">{t('dpo.search.empty')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="dpo-entries-caption" tabIndex={0}>
            <table className="data-table" aria-busy={page.isFetching}>
              <caption id="dpo-entries-caption">
                {t('dpo.search.results')}:{' '}
                {/* The log is paged by position: the total is known on the last page only. */}
                {page.data.next == null
                  ? t('dpo.search.captionAll', { from: first + 1, to: first + page.data.items.length })
                  : t('dpo.search.captionMore', { from: first + 1, to: first + page.data.items.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dpo.search.index')}</th>
                  <th scope="col">{t('dpo.search.time')}</th>
                  <th scope="col">{t('dpo.search.actor')}</th>
                  <th scope="col">{t('dpo.search.action')}</th>
                  <th scope="col">{t('dpo.search.case')}</th>
                  <th scope="col">{t('dpo.search.categories')}</th>
                  <th scope="col">{t('dpo.search.purpose')}</th>
                  <th scope="col">{t('dpo.search.basis')}</th>
                  <th scope="col">{t('dpo.search.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map(({ index, entry }) => (
                  <tr key={index} data-decision={entry.decision}>
                    <th scope="row">{index}</th>
                    <td>{dateTime(entry.occurredAt)}</td>
                    <td>
                      {entry.actor.userId}
                      <br />
                      <span className="muted">
                        {t(`role.${entry.actor.role}`, { defaultValue: entry.actor.role })},{' '}
                        {agencyName(entry.actor.agencyId)}
                      </span>
                    </td>
                    <td>
                      {t(`auditAction.${entry.action}`, { defaultValue: entry.action })}
                      <br />
                      <code className="muted">{entry.route}</code>
                    </td>
                    <td>
                      {entry.caseRef ? (
                        <>
                          <code className="case-ref">{entry.caseRef}</code>
                          <br />
                          <Button className="link-button" onPress={() => onReport(entry.caseRef!)}>
                            {t('dpo.search.showReport', { short: entry.caseRef.slice(0, 8) })}
                          </Button>
                        </>
                      ) : (
                        t('dpo.search.noCase')
                      )}
                    </td>
                    <td>{entry.categories.map((c) => t(`category.${c}`, { defaultValue: c })).join(', ') || '–'}</td>
                    <td>{t(`purpose.${entry.purpose}`, { defaultValue: entry.purpose })}</td>
                    <td>{entry.legalBasis.map((b) => legalBasisInWords(b, t)).join('; ') || '–'}</td>
                    <td>
                      {t(`dpo.search.${entry.decision}`)} ({entry.outcome})
                      {entry.breakGlass ? ` · ${t('dpo.search.breakGlassMark')}` : ''}
                      {entry.disclosure ? ` · ${t('dpo.search.disclosureMark')}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {/* Only where there is another page (as on "Meine Fälle"). */}
      {search && (search.afters.length > 0 || page.data?.next != null) ? (
        <nav aria-label={t('dpo.search.paging')} className="pager">
          <Button
            isDisabled={search.afters.length === 0}
            onPress={() => onSearch({ ...search, afters: search.afters.slice(0, -1) })}
          >
            {t('dpo.search.previous')}
          </Button>
          <Button
            isDisabled={page.data?.next == null}
            onPress={() => {
              const next = page.data?.next;
              if (next != null) onSearch({ ...search, afters: [...search.afters, next] });
            }}
          >
            {t('dpo.search.next')}
          </Button>
        </nav>
      ) : null}
    </section>
  );
}
