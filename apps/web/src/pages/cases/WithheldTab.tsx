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
  withheld = (section) => section,
  children,
}: {
  caseId: string;
  category: Category;
  /** Where the withheld section goes, for a tab whose heading lives inside what it withholds. */
  withheld?: (section: ReactNode) => ReactNode;
  children: ReactNode;
}) {
  const view = useCase(caseId).data;
  // Nothing before the case has said what it withholds (the case page shows its own wait meanwhile).
  if (!view) return null;
  return view.withheld.includes(category)
    ? withheld(<WithheldSection category={category} purpose={view.access.purpose} />)
    : children;
}
