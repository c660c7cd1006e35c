import { type FormEvent, lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { Link } from 'react-router';
import type { Schema } from '../../api/client';
import { legalBasisInWords } from '../../components/legal-basis';
import { NativeSelect } from '../../components/NativeSelect';
import { NativeTextField } from '../../components/NativeTextField';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { useSession } from '../../session/session-store';
import { mayDeclareChildProtection } from '../child-protection/may-declare';
import { OpenCaseForm } from './OpenCaseForm';
import { type CaseListQuery, useCaseList } from './queries';
import { listedName } from '../../components/listedName';

// Its own chunk: only a youth-office caseworker under child_protection sees it.
const OpenByNumber = lazy(() => import('../child-protection/OpenByNumber').then((m) => ({ default: m.OpenByNumber })));

const PAGE_SIZE = 25;
const SCOPES = ['all', 'mine', 'team', 'shared'] as const;
const STATUSES = ['any', 'active', 'aftercare', 'closed'] as const;

type Item = Schema<'CaseListItemDto'>;

/** "Meine Fälle": GET /api/cases with scope, status, name and birth date, paged by offset. */
export function CaseListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('cases.title'));
  const [scope, setScope] = useState<(typeof SCOPES)[number]>('all');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('any');
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [search, setSearch] = useState<{ q?: string; birthDate?: string }>({});
  const [offset, setOffset] = useState(0);
  const query: CaseListQuery = {
    scope,
    limit: PAGE_SIZE,
    offset,
    ...(status === 'any' ? {} : { status }),
    ...search,
  };
  const cases = useCaseList(query);
  const { user, purpose } = useSession();
  const mayOpen = user?.role === 'caseworker' || user?.role === 'team_lead';
  const mayDeclare = mayDeclareChildProtection(user, purpose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setSearch({ ...(name.trim() ? { q: name.trim() } : {}), ...(birthDate ? { birthDate } : {}) });
  };
  const nameOf = (item: Item): string => {
    if (!item.participant) return t('cases.withheldName');
    if ('erased' in item.participant) return t('cases.erased');
    return listedName(item.participant);
  };

  return (
    <>
      <h1>{t('cases.title')}</h1>
      <form onSubmit={submit} className="filters" aria-label={t('cases.filters')}>
        {/* Native controls: the list page leaves the document on every opening of a case — two React Aria
            selects took about 2 ms of that render to unmount, and a React Aria text field's unmount made the
            case page render twice before its first paint (docs/benchmarks.md, web-case-page). The plan
            page's version choice is a native select too. */}
        <NativeSelect
          id="cases-scope"
          label={t('cases.scope')}
          value={scope}
          options={SCOPES.map((id) => ({ value: id, label: t(`cases.scopes.${id}`) }))}
          onChange={(chosen) => {
            setScope(chosen);
            setOffset(0);
          }}
        />
        <NativeSelect
          id="cases-status"
          label={t('cases.status')}
          value={status}
          options={STATUSES.map((id) => ({
            value: id,
            label: id === 'any' ? t('cases.anyStatus') : t(`status.${id}`),
          }))}
          onChange={(chosen) => {
            setStatus(chosen);
            setOffset(0);
          }}
        />
        <NativeTextField label={t('cases.search')} value={name} onChange={setName} />
        <NativeTextField label={t('cases.birthDate')} value={birthDate} onChange={setBirthDate} type="date" />
        <Button type="submit">{t('cases.apply')}</Button>
      </form>

      {cases.error ? <ProblemMessage error={cases.error} /> : null}
      {cases.isPending && !cases.error ? <p role="status">{t('app.loading')}</p> : null}
      {cases.data ? (
        cases.data.items.length === 0 ? (
          <p role="status">
            {t('cases.empty')} {t('cases.emptyHint')}
          </p>
        ) : (
          <>
            <table className="data-table" aria-busy={cases.isFetching}>
              <caption>
                {t('cases.page', { from: cases.data.offset + 1, to: cases.data.offset + cases.data.items.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.name')}</th>
                  <th scope="col">{t('cases.opened')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('cases.visibleAs')}</th>
                  <th scope="col">{t('cases.legalBasis')}</th>
                </tr>
              </thead>
              <tbody>
                {cases.data.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <Link to={`/cases/${item.id}`}>{nameOf(item)}</Link>
                    </th>
                    <td>{item.openedAt ? format.date(item.openedAt) : '–'}</td>
                    <td>{item.status ? t(`status.${item.status}`) : '–'}</td>
                    <td>{t(`visibleAs.${item.visibleAs}`)}</td>
                    <td>{legalBasisInWords(item.legalBasis, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      ) : null}
      {/* Only where there is another page: two disabled buttons under a short list say nothing. */}
      {offset > 0 || cases.data?.nextOffset != null ? (
        <nav aria-label={t('cases.table')} className="pager">
          <Button isDisabled={offset === 0} onPress={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('cases.previous')}
          </Button>
          <Button
            isDisabled={cases.data?.nextOffset == null}
            onPress={() => setOffset(cases.data?.nextOffset ?? offset)}
          >
            {t('cases.next')}
          </Button>
        </nav>
      ) : null}
      {mayDeclare ? (
        <Suspense fallback={null}>
          <OpenByNumber />
        </Suspense>
      ) : null}
      {mayOpen ? <OpenCaseForm /> : null}
    </>
  );
}
