import { useParams } from 'react-router';
import { ProgressTab } from './ProgressTab';

/** /cases/:id/progress — Fortschritt: the case id from the address; the tab takes it as a prop (tested without a router). */
export function CaseProgress() {
  const { id = '' } = useParams();
  return <ProgressTab caseId={id} />;
}
