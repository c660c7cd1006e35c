import { useWrite } from '../../api/write';
import { api } from '../../api/client';

// "Meine Kopie" (Art. 15 and 20 GDPR): on demand only, each call is an audited read.

/** GET /api/me/cases/{id}/copy as JSON (a Blob to save). */
export function useMyCopyJson(id: string) {
  return useWrite({
    mutationFn: async () => ({
      blob: (await api.GET('/api/me/cases/{id}/copy', { params: { path: { id } }, parseAs: 'blob' })).data!,
      at: new Date(),
    }),
  });
}

/** GET /api/me/cases/{id}/copy as the readable page (Accept: text/html). */
export function useMyCopyHtml(id: string) {
  return useWrite({
    mutationFn: async () =>
      (
        await api.GET('/api/me/cases/{id}/copy', {
          params: { path: { id } },
          headers: { Accept: 'text/html' },
          parseAs: 'text',
        })
      ).data!,
  });
}
