import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components } from '../../api/schema.gen';
import { useSession } from '../../session/session-store';

export type RecordsOfProcessing = components['schemas']['RecordsOfProcessingDto'];
export type ProcessingActivity = components['schemas']['ProcessingActivityDto'];

/** GET /api/dpo/records-of-processing (role data_protection_officer, purpose audit; the read is logged). */
export function useRecordsOfProcessing(enabled: boolean) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: ['/api/dpo/records-of-processing', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/dpo/records-of-processing')).data!,
    enabled: enabled && Boolean(user) && purpose === 'audit',
    staleTime: Infinity,
  });
}
