import { EmptyState } from '../components/PageStates.js';
import { Link } from '../router/router.js';

export function NotFoundPage() {
  return (
    <EmptyState title="Page not found">
      <p>There is nothing at this address. <Link to="/">Back to the dashboard</Link></p>
    </EmptyState>
  );
}
