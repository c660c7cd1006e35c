import type { Write } from '../../api/write';
import { type FormEvent, useRef, useState } from 'react';
import { Button, FieldError, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { UUID } from './common';

/**
 * The report page brings its own <style> (print CSS), which the workspace's Content-Security-Policy
 * (inherited by a srcdoc frame) does not allow inline. Its rules are applied through the CSSOM
 * instead (a constructed stylesheet), which the policy does not govern; nothing runs in the frame.
 */
export function adoptReportStyles(frame: HTMLIFrameElement): void {
  const win = frame.contentWindow as (Window & typeof globalThis) | null;
  const doc = frame.contentDocument;
  if (!win || !doc) return;
  const css = [...doc.querySelectorAll('style')].map((style) => style.textContent).join('\n');
  if (css && 'CSSStyleSheet' in win) {
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(css);
      doc.adoptedStyleSheets = [sheet];
    } catch {
      // An engine without constructed stylesheets shows the report unstyled, still complete.
    }
  }
  frame.style.height = `${doc.documentElement.scrollHeight + 24}px`;
}

/** "Auskunft": the participant's access report as its printable HTML page, in a sandboxed frame. */
export function ReportPanel({
  caseId,
  onCaseId,
  report,
}: {
  caseId: string;
  onCaseId: (caseId: string) => void;
  report: Write<string, Error, string>;
}) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const [touched, setTouched] = useState(false);
  const valid = UUID.test(caseId.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (valid) report.mutate(caseId.trim().toLowerCase());
  };
  const shownFor = report.variables;
  return (
    <section aria-labelledby="dpo-report">
      <h2 id="dpo-report">{t('dpo.report.heading')}</h2>
      <p>{t('dpo.report.explain')}</p>
      <form onSubmit={submit} className="filters" aria-label={t('dpo.report.heading')}>
        <TextField
          value={caseId}
          onChange={onCaseId}
          className="field"
          isInvalid={touched && !valid}
          validationBehavior="aria"
        >
          <Label>{t('dpo.report.caseId')}</Label>
          <Input size={38} />
          <FieldError>{t('dpo.report.invalidId')}</FieldError>
        </TextField>
        <Button type="submit">{t('dpo.report.show')}</Button>
      </form>
      {report.isPending ? <p role="status">{t('dpo.report.loading')}</p> : null}
      {report.error ? <ProblemMessage error={report.error} /> : null}
      {report.data && shownFor && !report.isPending ? (
        <>
          <p>
            <Button onPress={() => frame.current?.contentWindow?.print()}>{t('dpo.report.print')}</Button>
          </p>
          <iframe
            ref={frame}
            className="report-frame"
            title={t('dpo.report.frame', { short: shownFor.slice(0, 8) })}
            sandbox="allow-same-origin allow-modals"
            srcDoc={report.data}
            onLoad={(event) => adoptReportStyles(event.currentTarget)}
          />
        </>
      ) : null}
    </section>
  );
}
