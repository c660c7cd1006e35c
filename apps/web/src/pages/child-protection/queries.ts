import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useWrite } from '../../api/write';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

/** The shortest justification the API takes (CHILD_PROTECTION.JUSTIFICATION_REQUIRED below it). */
export const MIN_JUSTIFICATION = 20;

/** POST /api/cases/{id}/child-protection-declarations; the case's reads are asked again (it opens now). */
export function useDeclareChildProtection(caseId: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (justification: string) =>
      (
        await api.POST('/api/cases/{id}/child-protection-declarations', {
          params: { path: { id: caseId } },
          body: { justification },
        })
      ).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, caseId] }),
  });
}

/** GET /api/child-protection-declarations (role data_protection_officer, purpose audit; the read is logged). */
export function useChildProtectionDeclarations(enabled: boolean) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/child-protection-declarations', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/child-protection-declarations')).data!,
    enabled: enabled && Boolean(user) && purpose === 'audit',
  });
}
