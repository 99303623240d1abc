import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

type Toast = { id: number; text: string };
const ToastContext = createContext<(text: string) => void>(() => {});

/**
 * Short confirmations of what an action did ("Decision saved"), announced politely to screen readers and shown for
 * a few seconds; the changed list or record shows the lasting result.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const show = useCallback((text: string) => {
    const id = ++next.current;
    setToasts((list) => [...list.slice(-2), { id, text }]);
    window.setTimeout(() => setToasts((list) => list.filter((x) => x.id !== id)), 6000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {toasts.map((x) => (
          <p key={x.id} className="toast">
            {x.text}
          </p>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);

/** An inline result that takes focus when it appears, so keyboard and screen-reader users land on what happened. */
export function Result({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p ref={ref} className="result" role="status" tabIndex={-1} data-testid={testId}>
      {children}
    </p>
  );
}
