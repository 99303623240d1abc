import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { i18nReady } from './app/i18n.ts';
import { Layout } from './app/layout.tsx';
import { ToastProvider } from './components/toast.tsx';
import { ApiError } from './lib/api.ts';
import './styles.css';

const page = (load: () => Promise<{ default: React.ComponentType }>) => {
  const Component = lazy(load);
  return <Component />;
};

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: page(() => import('./features/districts/home-page.tsx')) },
      { path: 'districts/:slug', element: page(() => import('./features/districts/district-page.tsx')) },
      { path: 'meetings/:id', element: page(() => import('./features/meetings/meeting-page.tsx')) },
      { path: 'meetings/:id/report', element: page(() => import('./features/meetings/report-page.tsx')) },
      { path: 'proposals/:id', element: page(() => import('./features/proposals/proposal-page.tsx')) },
      { path: 'decisions/:id', element: page(() => import('./features/decisions/decision-page.tsx')) },
      { path: 'assignments/:id', element: page(() => import('./features/assignments/assignment-page.tsx')) },
      { path: 'tasks', element: page(() => import('./features/assignments/task-board.tsx')) },
      { path: 'portal', element: page(() => import('./features/proposals/chair-portal.tsx')) },
      { path: 'coordinate', element: page(() => import('./features/coordinator/coordinate-page.tsx')) },
      { path: 'account', element: page(() => import('./features/auth/account-page.tsx')) },
      { path: 'audit', element: page(() => import('./features/audit/audit-page.tsx')) },
      { path: 'open311-keys', element: page(() => import('./features/open311/open311-keys-page.tsx')) },
      { path: 'notifications', element: page(() => import('./features/notifications/notifications-page.tsx')) },
      { path: 'buildings/:id', element: page(() => import('./features/registries/building-page.tsx')) },
      { path: 'inspectors/:id', element: page(() => import('./features/registries/inspector-page.tsx')) },
      { path: 'registry', element: page(() => import('./features/registries/registry-page.tsx')) },
      { path: 'login', element: page(() => import('./features/auth/login-page.tsx')) },
      { path: 'register', element: page(() => import('./features/auth/register-page.tsx')) },
      { path: 'accept-invite', element: page(() => import('./features/auth/accept-invite-page.tsx')) },
      {
        path: 'admin',
        element: page(() => import('./features/admin/admin-layout.tsx')),
        children: [
          { index: true, element: <Navigate to="/admin/users" replace /> },
          { path: 'users', element: page(() => import('./features/admin/users-page.tsx')) },
          { path: 'districts', element: page(() => import('./features/admin/districts-page.tsx')) },
          { path: 'services', element: page(() => import('./features/admin/services-page.tsx')) },
          { path: 'categories', element: page(() => import('./features/admin/categories-page.tsx')) },
          { path: 'organizations', element: page(() => import('./features/admin/organizations-page.tsx')) },
        ],
      },
      { path: '*', element: page(() => import('./features/districts/not-found-page.tsx')) },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
