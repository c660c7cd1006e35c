import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api, type Schema } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

export type Partner = Schema<'PartnerDto'>;
export type ReferralView = Schema<'ReferralViewDto'>;
export type SendReferralBody = Schema<'SendReferralDto'>;
export type PartnerQuery = NonNullable<paths['/api/partners']['get']['parameters']['query']>;
export type Service = NonNullable<PartnerQuery['service']>;

/** The partner directory, filtered (service, area, …); all partners without a filter. */
export function usePartners(query: PartnerQuery, enabled = true) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/partners', user?.userId, purpose, query],
    queryFn: async () => (await api.GET('/api/partners', { params: { query } })).data!.items,
    enabled: enabled && Boolean(user && purpose),
    staleTime: 60_000,
  });
}

export const referralsKey = (caseId: string) => [...casesKey, caseId, 'referrals'] as const;

export function useReferrals(caseId: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...referralsKey(caseId), user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}/referrals', { params: { path: { id: caseId } } })).data!.items,
    enabled: Boolean(user && purpose && caseId),
  });
}

/** Sends a referral for the declared purpose; the case and its referrals change. */
export function useSendReferral(caseId: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: SendReferralBody) =>
      (await api.POST('/api/cases/{id}/referrals', { params: { path: { id: caseId } }, body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, caseId] }),
  });
}
