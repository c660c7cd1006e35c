import { diffWords } from 'diff';
import { useTranslation } from '../../i18n/i18n';

/**
 * A word diff of two texts: inserted words in <ins>, deleted ones in <del>, each announced with a
 * hidden word ("eingefügt:", "gelöscht:") so the change is not carried by styling alone; visibly,
 * insertions are underlined and deletions struck through. `side` shows only the earlier text with its
 * deletions (`from`), only the later with its insertions (`to`), or both inline.
 */
export function WordDiff({ from, to, side = 'both' }: { from: string; to: string; side?: 'from' | 'to' | 'both' }) {
  const { t } = useTranslation();
  const parts = diffWords(from, to);
  return (
    <span className="word-diff">
      {parts.map((part, index) => {
        if (part.added) {
          return side === 'from' ? null : (
            <ins key={index}>
              <span className="visually-hidden">{t('plan.diff.inserted')} </span>
              {part.value}
              <span className="visually-hidden"> {t('plan.diff.end')}</span>
            </ins>
          );
        }
        if (part.removed) {
          return side === 'to' ? null : (
            <del key={index}>
              <span className="visually-hidden">{t('plan.diff.deleted')} </span>
              {part.value}
              <span className="visually-hidden"> {t('plan.diff.end')}</span>
            </del>
          );
        }
        return <span key={index}>{part.value}</span>;
      })}
    </span>
  );
}
