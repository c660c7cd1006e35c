import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { PurposeNeeded } from '../../components/PurposeNeeded';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { useSession } from '../../session/session-store';
import { EntriesPanel, type EntryFilters, type EntrySearch, NO_FILTERS } from './EntriesPanel';
import { ExportPanel } from './ExportPanel';
import { type SignalsQuery, useAccessReportHtml, useAuditExport, useVerifyLog } from './queries';
import { ReportPanel } from './ReportPanel';
import { SignalsPanel } from './SignalsPanel';
import { DeferralsPanel } from './DeferralsPanel';
import { dpoParticipantTexts } from './participant-texts';
import { dpoErasureTexts } from './erasure-texts';
import { ErasureRequestsPanel } from './ErasureRequestsPanel';
import { QuestionsPanel } from './QuestionsPanel';
import { RecordsPanel } from './RecordsPanel';
import { RetentionPanel } from './RetentionPanel';
import { DeclarationsPanel } from '../child-protection/DeclarationsPanel';
import { dpoTexts } from './texts';
import { Checkpoints, VerifyLog } from './VerifyPanel';

addTexts('dpo', dpoTexts);
addTexts('dpoMe', dpoParticipantTexts);
addTexts('dpoErasure', dpoErasureTexts);

const TABS = [
  'entries',
  'verify',
  'signals',
  'report',
  'export',
  'questions',
  'deferrals',
  'records',
  'erasure',
  'retention',
  'declarations',
] as const;
/** The tabs for the participant's own view (issue 14) keep their texts apart (participant-texts.ts). */
const tabLabel = (id: TabId): string =>
  id === 'declarations'
    ? 'childProtection.tab'
    : id === 'erasure'
      ? 'dpoErasure.tab'
      : id === 'records' || id === 'retention'
        ? `${id}.tab`
        : id === 'questions' || id === 'deferrals'
          ? `dpoMe.tab.${id}`
          : `dpo.tab.${id}`;
type TabId = (typeof TABS)[number];

/**
 * "Datenschutz-Konsole" (role data_protection_officer, purpose audit): one tab per task. What a tab
 * was doing (filters, the verification's result, the report, the export) stays while another is shown.
 */
export function DpoConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('dpo.title'));
  const { purpose } = useSession();
  const [tab, setTab] = useState<TabId>('entries');
  const [filters, setFilters] = useState<EntryFilters>(NO_FILTERS);
  const [search, setSearch] = useState<EntrySearch | null>(null);
  const [signalsRange, setSignalsRange] = useState<SignalsQuery | null>({});
  const [reportCase, setReportCase] = useState('');
  const verify = useVerifyLog();
  const report = useAccessReportHtml();
  const exported = useAuditExport();
  const openReport = (caseId: string) => {
    setReportCase(caseId);
    setTab('report');
    report.mutate(caseId);
  };
  return (
    <>
      <h1>{t('dpo.title')}</h1>
      {purpose !== 'audit' ? (
        <PurposeNeeded purpose="audit" current={purpose} />
      ) : (
        <>
          <p>{t('dpo.intro')}</p>
          <Tabs selectedKey={tab} onSelectionChange={(key) => setTab(key as TabId)} className="tabs wide-page">
            <TabList aria-label={t('dpo.tabs')} className="tab-list">
              {TABS.map((id) => (
                <Tab key={id} id={id}>
                  {t(tabLabel(id))}
                </Tab>
              ))}
            </TabList>
            <TabPanel id="entries">
              <EntriesPanel
                filters={filters}
                onFilters={setFilters}
                search={search}
                onSearch={setSearch}
                onReport={openReport}
              />
            </TabPanel>
            <TabPanel id="verify">
              <VerifyLog verify={verify} />
              <Checkpoints />
            </TabPanel>
            <TabPanel id="signals">
              <SignalsPanel range={signalsRange} onRange={setSignalsRange} />
            </TabPanel>
            <TabPanel id="report">
              <ReportPanel caseId={reportCase} onCaseId={setReportCase} report={report} />
            </TabPanel>
            <TabPanel id="export">
              <ExportPanel exported={exported} />
            </TabPanel>
            <TabPanel id="questions">
              <QuestionsPanel />
            </TabPanel>
            <TabPanel id="deferrals">
              <DeferralsPanel />
            </TabPanel>
            <TabPanel id="records">
              <RecordsPanel active={tab === 'records'} />
            </TabPanel>
            <TabPanel id="erasure">
              <ErasureRequestsPanel />
            </TabPanel>
            <TabPanel id="retention">
              <RetentionPanel active={tab === 'retention'} />
            </TabPanel>
            <TabPanel id="declarations">
              <DeclarationsPanel active={tab === 'declarations'} />
            </TabPanel>
          </Tabs>
        </>
      )}
    </>
  );
}
