import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { useSession } from '../../session/session-store';

// The participant's own calls (`/api/me/...`, role participant). A participant declares no purpose:
// the client's middleware sends no X-Purpose for them (api/client.ts). The query keys start with the
// route and hold the user, so another person signing in on the same device never sees this cache.

export const meKey = ['/api/me'] as const;

export type AccessQuery = NonNullable<paths['/api/me/cases/{id}/accesses']['get']['parameters']['query']>;
export type AccessItem =
  paths['/api/me/cases/{id}/accesses']['get']['responses'][200]['content']['application/json']['items'][number];
export type MyConsent =
  paths['/api/me/cases/{id}/consents']['get']['responses'][200]['content']['application/json']['items'][number];
export type MyQuestion =
  paths['/api/me/cases/{id}/questions']['get']['responses'][200]['content']['application/json']['items'][number];
export type MyCase = paths['/api/me/cases']['get']['responses'][200]['content']['application/json']['items'][number];

/** GET /api/me/cases: the cases the signed-in participant is bound to. */
export function useMyCases() {
  const { user } = useSession();
  return useQuery({
    queryKey: [...meKey, 'cases', user?.userId],
    queryFn: async () => (await api.GET('/api/me/cases')).data!.items,
    enabled: Boolean(user),
  });
}

/** POST /api/me/invitations/redemption: binds the account to the invitation's case. */
export function useRedeemInvitation() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (code: string) => (await api.POST('/api/me/invitations/redemption', { body: { code } })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

/** GET /api/me/cases/{id}/accesses, one page, newest first. */
export function useMyAccesses(id: string, query: AccessQuery) {
  const { user } = useSession();
  return useQuery({
    queryKey: [...meKey, 'cases', id, 'accesses', user?.userId, query],
    queryFn: async () => ({
      ...(await api.GET('/api/me/cases/{id}/accesses', { params: { path: { id }, query } })).data!,
      offset: query.offset ?? 0,
    }),
    placeholderData: keepPreviousData,
    enabled: Boolean(user && id),
  });
}

/** GET /api/me/cases/{id}/accesses/{index}/proof, on demand (the "Prüfen" button). */
export async function fetchAccessProof(id: string, index: number) {
  return (await api.GET('/api/me/cases/{id}/accesses/{index}/proof', { params: { path: { id, index } } })).data!;
}

/** GET /api/audit/checkpoint-key: the public key the checkpoints are signed with. */
export async function fetchCheckpointKey() {
  return (await api.GET('/api/audit/checkpoint-key')).data!;
}

/** GET /api/me/cases/{id}/consents: current and past consents. */
export function useMyConsents(id: string) {
  const { user } = useSession();
  return useQuery({
    queryKey: [...meKey, 'cases', id, 'consents', user?.userId],
    queryFn: async () => (await api.GET('/api/me/cases/{id}/consents', { params: { path: { id } } })).data!.items,
    enabled: Boolean(user && id),
  });
}

/** POST /api/me/cases/{id}/consents/{consentId}/withdrawal. */
export function useWithdrawMyConsent(id: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (consentId: string) =>
      (
        await api.POST('/api/me/cases/{id}/consents/{consentId}/withdrawal', {
          params: { path: { id, consentId } },
        })
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...meKey, 'cases', id] }),
  });
}

/** GET /api/me/cases/{id}/questions: the person's questions and the DPO's answers. */
export function useMyQuestions(id: string) {
  const { user } = useSession();
  return useQuery({
    queryKey: [...meKey, 'cases', id, 'questions', user?.userId],
    queryFn: async () => (await api.GET('/api/me/cases/{id}/questions', { params: { path: { id } } })).data!.items,
    enabled: Boolean(user && id),
  });
}

/** POST /api/me/cases/{id}/questions: a question about one log entry. */
export function useAskQuestion(id: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: { accessIndex: number; text: string }) =>
      (await api.POST('/api/me/cases/{id}/questions', { params: { path: { id } }, body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...meKey, 'cases', id, 'questions'] }),
  });
}

export type MyErasureRequest =
  paths['/api/me/cases/{id}/erasure-requests']['get']['responses'][200]['content']['application/json']['items'][number];
export type ErasureRequestBody = NonNullable<
  paths['/api/me/cases/{id}/erasure-requests']['post']['requestBody']
>['content']['application/json'];

/** GET /api/me/cases/{id}/erasure-requests: the person's requests for erasure, newest first. */
export function useMyErasureRequests(id: string) {
  const { user } = useSession();
  return useQuery({
    queryKey: [...meKey, 'cases', id, 'erasure-requests', user?.userId],
    queryFn: async () =>
      (await api.GET('/api/me/cases/{id}/erasure-requests', { params: { path: { id } } })).data!.items,
    enabled: Boolean(user && id),
  });
}

/** POST /api/me/cases/{id}/erasure-requests: the person asks for erasure (Art. 17 GDPR). */
export function useRequestErasure(id: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: ErasureRequestBody) =>
      (await api.POST('/api/me/cases/{id}/erasure-requests', { params: { path: { id } }, body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...meKey, 'cases', id] }),
  });
}
