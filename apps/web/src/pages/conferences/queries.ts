import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api, type Schema } from '../../api/client';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

// Case conferences of a case (the lead agency's side): list, schedule, the participant's answer, minutes;
// and the partner directory to choose whom to invite.

const conferencesKey = (id: string) => [...casesKey, id, 'conferences'] as const;

export function useConferences(id: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...conferencesKey(id), user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}/conferences', { params: { path: { id } } })).data!,
    enabled: Boolean(user && purpose && id),
  });
}

export function useDirectory() {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/partners', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/partners')).data!,
    enabled: Boolean(user && purpose),
    staleTime: 5 * 60_000,
  });
}

function useInvalidate(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [...casesKey, id] });
}

export function useScheduleConference(id: string) {
  const invalidate = useInvalidate(id);
  return useWrite({
    mutationFn: async (body: Schema<'ScheduleConferenceDto'>) =>
      (await api.POST('/api/cases/{id}/conferences', { params: { path: { id } }, body })).data!,
    onSuccess: invalidate,
  });
}

export function useConferenceAgreement(id: string) {
  const invalidate = useInvalidate(id);
  return useWrite({
    mutationFn: async ({ conferenceId, ...body }: { conferenceId: string } & Schema<'ConferenceAgreementDto'>) =>
      (
        await api.POST('/api/cases/{id}/conferences/{conferenceId}/agreement', {
          params: { path: { id, conferenceId } },
          body,
        })
      ).data!,
    onSuccess: invalidate,
  });
}

export function useConferenceMinutes(id: string) {
  const invalidate = useInvalidate(id);
  return useWrite({
    mutationFn: async ({ conferenceId, ...body }: { conferenceId: string } & Schema<'ConferenceMinutesDto'>) =>
      (
        await api.POST('/api/cases/{id}/conferences/{conferenceId}/minutes', {
          params: { path: { id, conferenceId } },
          body,
        })
      ).data!,
    onSuccess: invalidate,
  });
}
