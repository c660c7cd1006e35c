import type { ReactNode } from 'react';
import type { Schema } from '../../api/client';
import { WithheldSection } from '../../components/WithheldSection';
import { useCase } from './queries';

type Category = Schema<'CaseViewDto'>['withheld'][number];

/**
 * A case tab whose category the case withholds from this reader (its `withheld`, GET /api/cases/{id}): the
 * tab says so as the overview does — which category, why, what would grant it — instead of asking for it and
 * showing the refusal; its reads and forms are not even mounted (a read the policy refuses is an audited
 * refusal). The case is in the cache already (the case route's loader); until it is, the tab waits for it.
 */
export function WithheldTab({
  caseId,
  category,
  children,
}: {
  caseId: string;
  category: Category;
  children: ReactNode;
}) {
  const view = useCase(caseId).data;
  // Nothing before the case has said what it withholds (the case page shows its own wait meanwhile).
  if (!view) return null;
  return view.withheld.includes(category) ? (
    <WithheldSection category={category} purpose={view.access.purpose} />
  ) : (
    children
  );
}
