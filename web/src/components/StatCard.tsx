import type { ReactNode } from 'react';

/** One number with its label and a line of detail (summary cards on the dashboard and the usage page). */
export function StatCard({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId?: string }) {
  return (
    <section className="card stat-card" data-testid={testId} aria-label={label}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail ? <div className="stat-detail">{detail}</div> : null}
    </section>
  );
}
