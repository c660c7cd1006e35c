import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { i18n, prepareFormats } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );

// The date formats of the language, built while the browser has nothing else to do.
const whenIdle = (work: () => void): void => {
  if ('requestIdleCallback' in window) requestIdleCallback(work);
  else setTimeout(work, 200);
};
whenIdle(prepareFormats);
i18n.on('languageChanged', () => whenIdle(prepareFormats));
