import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api, type Schema } from '../../api/client';
import { useSession } from '../../session/session-store';
import { casesKey } from '../cases/queries';

// The cooperation plan of a case: one hook per route of PlansController. Keys sit under the case's key,
// so a write invalidates the plan and the case (its timeline) together.

const planKey = (id: string) => [...casesKey, id, 'plan'] as const;

export function usePlan(id: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...planKey(id), user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}/plan', { params: { path: { id } } })).data!,
    enabled: Boolean(user && purpose && id),
  });
}

export function usePlanVersion(id: string, version: number | undefined) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...planKey(id), 'version', version, user?.userId, purpose],
    queryFn: async () =>
      (await api.GET('/api/cases/{id}/plan/versions/{version}', { params: { path: { id, version: version! } } })).data!,
    enabled: Boolean(user && purpose && id && version),
  });
}

export function usePlanDiff(id: string, from: number | undefined, to: number | undefined) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...planKey(id), 'diff', from, to, user?.userId, purpose],
    queryFn: async () =>
      (await api.GET('/api/cases/{id}/plan/diff', { params: { path: { id }, query: { from: from!, to: to! } } })).data!,
    enabled: Boolean(user && purpose && id && from && to && from < to),
  });
}

function useInvalidatePlan(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [...casesKey, id] });
}

export type DraftBody = Schema<'DraftPlanVersionDto'>;

export function useDraftPlan(id: string) {
  const invalidate = useInvalidatePlan(id);
  return useWrite({
    mutationFn: async (body: DraftBody) =>
      (await api.POST('/api/cases/{id}/plan/versions', { params: { path: { id } }, body })).data!,
    onSuccess: invalidate,
  });
}

export function useAgreePlan(id: string) {
  const invalidate = useInvalidatePlan(id);
  return useWrite({
    mutationFn: async ({ version, form }: { version: number } & Schema<'PlanAgreementDto'>) =>
      (
        await api.POST('/api/cases/{id}/plan/versions/{version}/agreement', {
          params: { path: { id, version } },
          body: { form },
        })
      ).data!,
    onSuccess: invalidate,
  });
}

export function useDisputePlan(id: string) {
  const invalidate = useInvalidatePlan(id);
  return useWrite({
    mutationFn: async (body: Schema<'PlanDisputeDto'>) =>
      (await api.POST('/api/cases/{id}/plan/dispute', { params: { path: { id } }, body })).data!,
    onSuccess: invalidate,
  });
}

export function useRequestMediation(id: string) {
  const invalidate = useInvalidatePlan(id);
  return useWrite({
    mutationFn: async () => (await api.POST('/api/cases/{id}/plan/mediation', { params: { path: { id } } })).data!,
    onSuccess: invalidate,
  });
}

export function useConcludeMediation(id: string) {
  const invalidate = useInvalidatePlan(id);
  return useWrite({
    mutationFn: async (body: Schema<'MediationConclusionDto'>) =>
      (await api.POST('/api/cases/{id}/plan/mediation/conclusion', { params: { path: { id } }, body })).data!,
    onSuccess: invalidate,
  });
}

export function useCompleteStep(id: string) {
  const invalidate = useInvalidatePlan(id);
  return useWrite({
    mutationFn: async (stepId: string) =>
      (await api.POST('/api/cases/{id}/plan/steps/{stepId}/completion', { params: { path: { id, stepId } } })).data!,
    onSuccess: invalidate,
  });
}
