import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api, type Schema } from '../../api/client';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

export type ConsentView = Schema<'ConsentViewDto'>;
export type GrantConsentBody = Schema<'GrantConsentDto'>;

/** The consents of a case; under the cases key, so a case write refreshes them too. */
export const consentsKey = (caseId: string) => [...casesKey, caseId, 'consents'] as const;

export function useConsents(caseId: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...consentsKey(caseId), user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}/consents', { params: { path: { id: caseId } } })).data!.items,
    enabled: Boolean(user && purpose && caseId),
  });
}

/** Records a consent; the case (its access) and its consents change. */
export function useGrantConsent(caseId: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: GrantConsentBody) =>
      (await api.POST('/api/cases/{id}/consents', { params: { path: { id: caseId } }, body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, caseId] }),
  });
}

/** Withdraws a consent at once; everything about the case is fetched again. */
export function useWithdrawConsent(caseId: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (consentId: string) =>
      (
        await api.POST('/api/cases/{id}/consents/{consentId}/withdrawal', {
          params: { path: { id: caseId, consentId } },
        })
      ).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, caseId] }),
  });
}
