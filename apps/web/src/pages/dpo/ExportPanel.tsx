import type { Write } from '../../api/write';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';

/** "audit-log-2026-12-04T16-30-05Z.ndjson": the instant of the export, safe in any file system. */
export const exportFileName = (at: Date): string =>
  `audit-log-${at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')}.ndjson`;

/** "Export": GET /api/audit/export through the client, then a link that saves the Blob. */
export function ExportPanel({ exported }: { exported: Write<{ blob: Blob; at: Date }, Error, void> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [url, setUrl] = useState<string>();
  const blob = exported.data?.blob;
  useEffect(() => {
    if (!blob) return undefined;
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  const name = exported.data ? exportFileName(exported.data.at) : '';
  return (
    <section aria-labelledby="dpo-export">
      <h2 id="dpo-export">{t('dpo.export.heading')}</h2>
      <p>{t('dpo.export.explain')}</p>
      <Button onPress={() => exported.mutate()}>{t('dpo.export.button')}</Button>
      <p role="status">
        {exported.isPending
          ? t('dpo.export.working')
          : exported.data
            ? t('dpo.export.ready', { name, size: `${format.number(Math.ceil(exported.data.blob.size / 1024))} KB` })
            : ''}
      </p>
      {url && exported.data && !exported.isPending ? (
        <p>
          <a href={url} download={name}>
            {t('dpo.export.download')}
          </a>
        </p>
      ) : null}
      {exported.error ? <ProblemMessage error={exported.error} /> : null}
    </section>
  );
}
