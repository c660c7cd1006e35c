import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api } from '../../api/client';
import type { components } from '../../api/schema.gen';
import { useSession } from '../../session/session-store';

export type DueReport = components['schemas']['DueReportDto'];
export type HoldReason = components['schemas']['RetentionHoldDto']['reason'];
export type ArchiveAnswer = components['schemas']['ArchiveAnswerDto']['answer'];

const dueKey = ['/api/dpo/retention/due'] as const;

/** GET /api/dpo/retention/due (role data_protection_officer, purpose audit; the read is logged). */
export function useRetentionDue(within: string, enabled: boolean) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...dueKey, within, user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/dpo/retention/due', { params: { query: { within } } })).data!,
    enabled: enabled && Boolean(user) && purpose === 'audit',
  });
}

/** POST /api/cases/{id}/retention-hold or …/release. */
export function useRetentionHold() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async ({ caseId, reason }: { caseId: string; reason: HoldReason | null }) =>
      reason === null
        ? (await api.POST('/api/cases/{id}/retention-hold/release', { params: { path: { id: caseId } } })).data
        : (await api.POST('/api/cases/{id}/retention-hold', { params: { path: { id: caseId } }, body: { reason } }))
            .data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dueKey }),
  });
}

/** POST /api/cases/{id}/archive-answer. */
export function useArchiveAnswer() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async ({ caseId, answer }: { caseId: string; answer: ArchiveAnswer }) =>
      (await api.POST('/api/cases/{id}/archive-answer', { params: { path: { id: caseId } }, body: { answer } })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dueKey }),
  });
}
