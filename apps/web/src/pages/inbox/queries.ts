import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api, type Schema } from '../../api/client';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

// The partner's side of a referral: its inbox, its own record, the conferences it is invited to, and
// the steps of the closed loop. Every step invalidates the inbox, the record and the case queries.

export const inboxKey = ['/api/referrals'] as const;
export const recordKey = ['/api/referrals/record'] as const;
export const invitationsKey = ['/api/conferences/invitations'] as const;

export function useInbox(offset: number) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...inboxKey, user?.userId, purpose, offset],
    queryFn: async () => (await api.GET('/api/referrals', { params: { query: { limit: 25, offset } } })).data!,
    placeholderData: keepPreviousData,
    enabled: Boolean(user && purpose),
  });
}

export function usePartnerRecord(offset: number, enabled: boolean) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...recordKey, user?.userId, purpose, offset],
    queryFn: async () => (await api.GET('/api/referrals/record', { params: { query: { limit: 25, offset } } })).data!,
    placeholderData: keepPreviousData,
    enabled: Boolean(user && purpose) && enabled,
  });
}

export function useInvitations(enabled: boolean) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...invitationsKey, user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/conferences/invitations', { params: { query: { limit: 50 } } })).data!,
    enabled: Boolean(user && purpose) && enabled,
  });
}

export interface ReferralRef {
  readonly caseId: string;
  readonly referralId: string;
}

const pathOf = (ref: ReferralRef) => ({ path: { id: ref.caseId, referralId: ref.referralId } });

function useInvalidateReferrals() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inboxKey }),
      queryClient.invalidateQueries({ queryKey: recordKey }),
      queryClient.invalidateQueries({ queryKey: casesKey }),
    ]);
}

export function useAcceptReferral() {
  const invalidate = useInvalidateReferrals();
  return useWrite({
    mutationFn: async (ref: ReferralRef) =>
      (await api.POST('/api/cases/{id}/referrals/{referralId}/accept', { params: pathOf(ref) })).data!,
    onSuccess: invalidate,
  });
}

export type DeclineReason = Schema<'DeclineReferralDto'>['reason'];

export function useDeclineReferral() {
  const invalidate = useInvalidateReferrals();
  return useWrite({
    mutationFn: async ({ reason, ...ref }: ReferralRef & { reason: DeclineReason }) =>
      (await api.POST('/api/cases/{id}/referrals/{referralId}/decline', { params: pathOf(ref), body: { reason } }))
        .data!,
    onSuccess: invalidate,
  });
}

export function usePlanAppointment() {
  const invalidate = useInvalidateReferrals();
  return useWrite({
    mutationFn: async ({ body, ...ref }: ReferralRef & { body: Schema<'PlanFirstAppointmentDto'> }) =>
      (await api.POST('/api/cases/{id}/referrals/{referralId}/plan-appointment', { params: pathOf(ref), body })).data!,
    onSuccess: invalidate,
  });
}

export function useConfirmAppointment() {
  const invalidate = useInvalidateReferrals();
  return useWrite({
    mutationFn: async ({ body, ...ref }: ReferralRef & { body: Schema<'FirstAppointmentDto'> }) =>
      (await api.POST('/api/cases/{id}/referrals/{referralId}/first-appointment', { params: pathOf(ref), body })).data!,
    onSuccess: invalidate,
  });
}

export function useCompleteReferral() {
  const invalidate = useInvalidateReferrals();
  return useWrite({
    mutationFn: async ({ body, ...ref }: ReferralRef & { body: Schema<'CompleteReferralDto'> }) =>
      (await api.POST('/api/cases/{id}/referrals/{referralId}/complete', { params: pathOf(ref), body })).data!,
    onSuccess: invalidate,
  });
}
