import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssignmentDetail } from '@dsd/shared/assignments';

/** Where to go and what residents asked: the proposals behind the decision, with their addresses. */
export function WorkPlace({ assignment: a }: { assignment: AssignmentDetail }) {
  const { t } = useTranslation();
  if (a.proposals.length === 0) return null;
  return (
    <section aria-labelledby="work-place">
      <h2 id="work-place">{t('assignment.whereAndWhat')}</h2>
      <ul className="list" data-testid="linked-proposals">
        {a.proposals.map((p) => (
          <li key={p.id} className="item">
            <Link to={`/proposals/${p.id}`}>{p.title}</Link>
            <p className="small">
              {p.address ? (
                <>
                  {t('proposal.address')}: <strong>{p.address}</strong>
                </>
              ) : (
                <span className="muted">{t('assignment.noAddress')}</span>
              )}
              {p.organization && <> · {p.organization}</>}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
