import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DistrictDashboard } from '@dsd/shared/dashboard';
import { localName } from '../../components/bits.tsx';

export default function CityChart({ districts }: { districts: DistrictDashboard[] }) {
  const { t, i18n } = useTranslation();
  const data = districts.map((d) => ({
    name: localName(d.name, i18n.language).replace(/ (район|ауданы|district)$/u, ''),
    progress: d.decisions.progress,
  }));
  return (
    <figure className="chart">
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d0d5dd" />
            <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#1f2937' }} interval={0} angle={-20} textAnchor="end" height={50} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 12, fill: '#1f2937' }} />
            <Tooltip />
            <Bar dataKey="progress" name={t('common.progress')} fill="#1d4ed8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        <table>
          <tbody>
            {data.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td>{d.progress}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
