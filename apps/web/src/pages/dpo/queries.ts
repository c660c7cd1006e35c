import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { useSession } from '../../session/session-store';

// The DPO console's calls (role data_protection_officer, purpose audit). Each call leaves one entry in
// the log, so the actions that are not plain reads (verify, sign, report, export) run on demand only.

export type AuditSearchQuery = NonNullable<paths['/api/audit/entries']['get']['parameters']['query']>;
export type SignalsQuery = NonNullable<paths['/api/audit/signals']['get']['parameters']['query']>;

const enabledFor = (user: unknown, purpose: string | undefined) => Boolean(user && purpose === 'audit');

/** GET /api/audit/entries, one page; `search` is null until the first search. */
export function useAuditEntries(search: AuditSearchQuery | null) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/audit/entries', user?.userId, purpose, search],
    queryFn: async () => (await api.GET('/api/audit/entries', { params: { query: search ?? {} } })).data!,
    placeholderData: keepPreviousData,
    enabled: enabledFor(user, purpose) && search !== null,
  });
}

/** GET /api/audit/verify, when the DPO asks for it. */
export function useVerifyLog() {
  return useWrite({
    mutationFn: async () => (await api.GET('/api/audit/verify')).data!,
  });
}

export const checkpointKey = ['/api/audit/checkpoints/latest'] as const;

/** GET /api/audit/checkpoints/latest: null before the first checkpoint (404 AUDIT.NO_CHECKPOINT). */
export function useLatestCheckpoint() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...checkpointKey, user?.userId, purpose],
    queryFn: async () => {
      try {
        return (await api.GET('/api/audit/checkpoints/latest')).data!;
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'AUDIT.NO_CHECKPOINT') return null;
        throw error;
      }
    },
    enabled: enabledFor(user, purpose),
  });
}

/** POST /api/audit/checkpoints: signs a checkpoint of the log as it is now. */
export function useIssueCheckpoint() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async () => (await api.POST('/api/audit/checkpoints')).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: checkpointKey }),
  });
}

/** GET /api/audit/signals over a range; `range` null until asked. */
export function useAuditSignals(range: SignalsQuery | null) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/audit/signals', user?.userId, purpose, range],
    queryFn: async () => (await api.GET('/api/audit/signals', { params: { query: range ?? {} } })).data!,
    enabled: enabledFor(user, purpose) && range !== null,
  });
}

/** GET /api/cases/{id}/access-report as the printable HTML page (Accept: text/html). */
export function useAccessReportHtml() {
  return useWrite({
    mutationFn: async (id: string) =>
      (
        await api.GET('/api/cases/{id}/access-report', {
          params: { path: { id } },
          headers: { Accept: 'text/html' },
          parseAs: 'text',
        })
      ).data!,
  });
}

/** GET /api/audit/export: the whole log as NDJSON, as a Blob to save. */
export function useAuditExport() {
  return useWrite({
    mutationFn: async () => ({ blob: (await api.GET('/api/audit/export', { parseAs: 'blob' })).data!, at: new Date() }),
  });
}

export const questionsKey = ['/api/audit/questions'] as const;

/** GET /api/audit/questions: the people's questions about accesses, with their Art. 12(3) deadline. */
export function useDpoQuestions() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...questionsKey, user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/audit/questions')).data!.items,
    enabled: enabledFor(user, purpose),
  });
}

/** POST /api/audit/questions/{questionId}/answer. */
export function useAnswerQuestion() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async ({ questionId, text }: { questionId: string; text: string }) =>
      (await api.POST('/api/audit/questions/{questionId}/answer', { params: { path: { questionId } }, body: { text } }))
        .data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: questionsKey }),
  });
}

export const deferralsKey = ['/api/audit/deferrals'] as const;
export type DeferralBody = paths['/api/audit/deferrals/{caseId}']['put']['requestBody']['content']['application/json'];

/** GET /api/audit/deferrals: what is held back from the person per case, and until when. */
export function useDeferrals() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...deferralsKey, user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/audit/deferrals')).data!.items,
    enabled: enabledFor(user, purpose),
  });
}

/** PUT /api/audit/deferrals/{caseId}: sets (or moves) the release date (audited). */
export function useSetDeferral() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async ({ caseId, body }: { caseId: string; body: DeferralBody }) =>
      (await api.PUT('/api/audit/deferrals/{caseId}', { params: { path: { caseId } }, body })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deferralsKey }),
  });
}

export const erasureRequestsKey = ['/api/dpo/erasure-requests'] as const;
export type ErasureDecisionBody =
  paths['/api/cases/{id}/erasure-requests/{requestId}/decision']['post']['requestBody']['content']['application/json'];

/** GET /api/dpo/erasure-requests: open requests for erasure of the agency's cases, earliest due first. */
export function useDpoErasureRequests() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...erasureRequestsKey, user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/dpo/erasure-requests')).data!.items,
    enabled: enabledFor(user, purpose),
  });
}

/** POST /api/cases/{id}/erasure-requests/{requestId}/decision. */
export function useDecideErasureRequest() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async ({ caseId, requestId, body }: { caseId: string; requestId: string; body: ErasureDecisionBody }) =>
      (
        await api.POST('/api/cases/{id}/erasure-requests/{requestId}/decision', {
          params: { path: { id: caseId, requestId } },
          body,
        })
      ).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: erasureRequestsKey }),
  });
}
