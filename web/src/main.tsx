import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

type District = { slug: string; name: { ru: string; kk: string; en: string } };

function App() {
  const [districts, setDistricts] = useState<District[] | null>(null);
  useEffect(() => {
    fetch('/api/v1/districts')
      .then((r) => r.json())
      .then((d: { items: District[] }) => setDistricts(d.items));
  }, []);
  return (
    <main>
      <h1>Безопасный район</h1>
      {districts ? (
        <ul>
          {districts.map((d) => (
            <li key={d.slug}>{d.name.ru}</li>
          ))}
        </ul>
      ) : (
        <p>Загрузка…</p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
