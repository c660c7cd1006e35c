import { useParams } from 'react-router';
import { OverviewTab } from './OverviewTab';

/** /cases/:id — Übersicht: the case id from the address; the tab takes it as a prop (tested without a router). */
export function CaseOverview() {
  const { id = '' } = useParams();
  return <OverviewTab caseId={id} />;
}
