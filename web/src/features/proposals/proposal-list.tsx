import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProposalView } from '@dsd/shared/proposals';
import { StatusBadge, useCategoryName } from '../../components/bits.tsx';

export function authorLabel(p: ProposalView, t: (k: string) => string) {
  return p.author.kind === 'organization' ? p.author.organization.name : p.author.kind === 'resident' ? t('common.resident') : t('common.police');
}

export function ProposalList({ items }: { items: ProposalView[] }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  return (
    <ul className="list">
      {items.map((p) => (
        <li key={p.id} className="item" data-testid="proposal">
          <p className="meta">
            <span className="tag">{categoryName(p.category)}</span> <StatusBadge entity="proposal" status={p.status} />
          </p>
          <h3>
            <Link to={`/proposals/${p.id}`}>{p.title}</Link>
          </h3>
          <p className="muted small">
            {authorLabel(p, t)} · {t('common.supportCount', { count: p.supportCount })}
          </p>
        </li>
      ))}
    </ul>
  );
}
