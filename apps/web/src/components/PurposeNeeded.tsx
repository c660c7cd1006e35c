import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { useTranslation } from '../i18n/i18n';
import type { Purpose } from '../session/purposes';
import { switchPurpose } from '../session/switch-purpose';
import { addTexts } from '../i18n/texts';

addTexts('purposeNeeded', {
  de: {
    text: 'Diese Ansicht gibt es nur unter dem Zweck „{{purpose}}“. Sie arbeiten gerade unter „{{current}}“.',
    choose: 'Zweck „{{purpose}}“ wählen',
  },
  en: {
    text: 'This view is available only under the purpose “{{purpose}}”. You are working under “{{current}}”.',
    choose: 'Choose purpose “{{purpose}}”',
  },
});

/**
 * A screen that needs one purpose, shown under another: says so and offers to switch deliberately
 * (the same as the header's "Zweck", which announces the change). Nothing is asked of the API
 * meanwhile, so no refusal is recorded for a screen the user merely opened.
 */
export function PurposeNeeded({ purpose, current }: { purpose: Purpose; current: Purpose | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = t(`purpose.${purpose}`);
  return (
    <div className="purpose-needed">
      <p>{t('purposeNeeded.text', { purpose: name, current: current ? t(`purpose.${current}`) : '–' })}</p>
      <Button onPress={() => switchPurpose(queryClient, purpose)}>
        {t('purposeNeeded.choose', { purpose: name })}
      </Button>
    </div>
  );
}
