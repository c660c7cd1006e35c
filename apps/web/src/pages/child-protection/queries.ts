import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useWrite } from '../../api/write';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

/** The shortest justification the API takes (CHILD_PROTECTION.JUSTIFICATION_REQUIRED below it). */
export const MIN_JUSTIFICATION = 20;

/**
 * POST /api/cases/{id}/child-protection-declarations. The case's reads are reset, not only invalidated: the
 * timeline's refusal from before (a route loader asked for it) would otherwise stay on the page that opens
 * now — a query not on screen is not asked again, and a refused one is not asked again on mount.
 */
export function useDeclareChildProtection(caseId: string, onDeclared: (expiresAt: string) => void) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (justification: string) =>
      (
        await api.POST('/api/cases/{id}/child-protection-declarations', {
          params: { path: { id: caseId } },
          body: { justification },
        })
      ).data!,
    // Told before the reset: the form leaves the page as soon as the case opens.
    onSuccess: (declared) => {
      onDeclared(declared.expiresAt);
      return queryClient.resetQueries({ queryKey: [...casesKey, caseId] });
    },
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
