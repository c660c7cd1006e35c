import { useEffect, useMemo, useRef } from 'react';
import { Button, Text } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { adoptReportStyles } from '../dpo/ReportPanel';
import { useMyCopyHtml, useMyCopyJson } from './copy-queries';

/**
 * "Meine Kopie" (Art. 15 and 20 GDPR): the copy as a JSON file to save, and as a readable page shown
 * in a sandboxed frame (no script runs in it; its styles applied as the DPO's report's are), printable.
 */
export function CopySection() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('participant.case.parts.copy'));
  const json = useMyCopyJson(id);
  const html = useMyCopyHtml(id);
  const fileName = `meine-kopie-${id.slice(0, 8)}.json`;
  const url = useMemo(() => (json.data ? URL.createObjectURL(json.data.blob) : null), [json.data]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return (
    <section aria-labelledby="me-copy">
      <h2 id="me-copy">{t('participant.case.parts.copy')}</h2>
      <p>{t('participant.copy.intro')}</p>
      <div className="me-form">
        <div>
          <Button onPress={() => json.mutate()} aria-describedby="me-copy-json-help">
            {t('participant.copy.json')}
          </Button>
          <Text id="me-copy-json-help" elementType="p">
            {t('participant.copy.jsonHelp')}
          </Text>
        </div>
        <p role="status">{url ? t('participant.copy.ready', { name: fileName }) : ''}</p>
        {url ? (
          <p>
            <a href={url} download={fileName}>
              {t('participant.copy.save')}
            </a>
          </p>
        ) : null}
        {json.error ? <ProblemMessage error={json.error} /> : null}
        <div>
          <Button onPress={() => html.mutate()} aria-describedby="me-copy-page-help">
            {t('participant.copy.page')}
          </Button>
          <Text id="me-copy-page-help" elementType="p">
            {t('participant.copy.pageHelp')}
          </Text>
        </div>
        {html.error ? <ProblemMessage error={html.error} /> : null}
      </div>
      {html.data ? <CopyFrame html={html.data} /> : null}
    </section>
  );
}

function CopyFrame({ html }: { html: string }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  return (
    <>
      <p>
        <Button onPress={() => frame.current?.contentWindow?.print()}>{t('participant.copy.print')}</Button>
      </p>
      <iframe
        ref={frame}
        className="me-copy-frame report-frame"
        title={t('participant.copy.frame')}
        sandbox="allow-modals allow-same-origin"
        srcDoc={html}
        onLoad={(event) => adoptReportStyles(event.currentTarget)}
      />
    </>
  );
}
