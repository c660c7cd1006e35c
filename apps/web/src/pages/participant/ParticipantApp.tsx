import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ConsentsSection } from './ConsentsSection';
import { CopySection } from './CopySection';
import { ErasureSection } from './ErasureSection';
import { MyAccesses, MyCasePage } from './MyCasePage';
import { MyCasesPage } from './MyCasesPage';
import { ParticipantLayout } from './ParticipantLayout';
import { QuestionsSection } from './QuestionsSection';

/**
 * The participant's app (role participant): its own routes under `/me`, its own layout. Loaded only
 * when a participant signs in, so the staff screens' bundle does not grow. Any other address leads to
 * "Meine Fälle".
 */
export function ParticipantApp() {
  const [router] = useState(() =>
    createBrowserRouter([
      {
        element: <ParticipantLayout />,
        children: [
          { path: 'me', element: <MyCasesPage /> },
          {
            path: 'me/cases/:id',
            element: <MyCasePage />,
            children: [
              { index: true, element: <MyAccesses /> },
              { path: 'consents', element: <ConsentsSection /> },
              { path: 'questions', element: <QuestionsSection /> },
              { path: 'copy', element: <CopySection /> },
              { path: 'erasure', element: <ErasureSection /> },
            ],
          },
          { path: '*', element: <Navigate to="/me" replace /> },
        ],
      },
    ]),
  );
  return <RouterProvider router={router} />;
}
